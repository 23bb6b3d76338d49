#ifndef BYLINE_BENCHLIBXML2_SHIM_H
#define BYLINE_BENCHLIBXML2_SHIM_H

// libxml2 is built with ICU on Debian; its <unicode/ucnv.h> clashes with Foundation's ICU
// module on clean builds. Byline transcodes to UTF-8 itself, so the ICU parts are not needed.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/HTMLparser.h>
#include <libxml/uri.h>
#include <libxml/entities.h>

/// `xmlFree` is a global function pointer, which Swift 6 rejects as not concurrency-safe.
static inline void benchlibxml2_free(void *p) { xmlFree(p); }

#endif
