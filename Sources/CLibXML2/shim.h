#ifndef BYLINE_CLIBXML2_SHIM_H
#define BYLINE_CLIBXML2_SHIM_H

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
#include <libxml/SAX2.h>

#include "bytescan.h"

/// `xmlFree` is a global function pointer, which Swift 6 rejects as not concurrency-safe.
static inline void clibxml2_free(void *p) { xmlFree(p); }

/// `XML_SAX2_MAGIC` (0xDEEDBEAF) as a typed value: the `initialized` mark of a SAX2 handler.
static inline unsigned int clibxml2_sax2_magic(void) { return XML_SAX2_MAGIC; }

#endif
