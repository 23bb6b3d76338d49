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

/// A structured error handler as Swift sees it, whatever libxml2 the package is compiled
/// against: the error is read-only.
///
/// libxml2 2.12.0 (`LIBXML_VERSION` 21200) changed `xmlStructuredErrorFunc` from
/// `(void *, xmlErrorPtr)` to `(void *, const xmlError *)` (and `xmlGetLastError` and
/// `xmlCtxtGetLastError` to return `const xmlError *`; Byline calls neither). Swift imports the
/// two typedefs as different function types (`UnsafeMutablePointer<xmlError>?` against
/// `UnsafePointer<xmlError>?`), so a handler written for one does not compile against the other.
/// Swift code installs handlers of this type through the setters below and never names
/// `xmlStructuredErrorFunc`.
typedef void (*clibxml2_error_handler)(void *context, const xmlError *error);

#if LIBXML_VERSION >= 21200
/// libxml2 2.12 and later: the handler type is libxml2's own.
static inline xmlStructuredErrorFunc clibxml2_structured(clibxml2_error_handler handler) { return handler; }
#else
/// libxml2 before 2.12 declares the error non-const; a handler that only reads it has the same
/// calling convention and arguments, so the pointer is converted.
static inline xmlStructuredErrorFunc clibxml2_structured(clibxml2_error_handler handler) {
    return (xmlStructuredErrorFunc)handler;
}
#endif

/// Installs `handler` as `reader`'s structured error handler, called with `context`.
static inline void clibxml2_reader_set_error_handler(xmlTextReaderPtr reader, clibxml2_error_handler handler,
                                                     void *context) {
    xmlTextReaderSetStructuredErrorHandler(reader, clibxml2_structured(handler), context);
}

/// Sets `handler` as the SAX handler's `serror`, called with the parser's user data.
static inline void clibxml2_sax_set_error_handler(xmlSAXHandler *sax, clibxml2_error_handler handler) {
    sax->serror = clibxml2_structured(handler);
}

/// `xmlFree` is a global function pointer, which Swift 6 rejects as not concurrency-safe.
static inline void clibxml2_free(void *p) { xmlFree(p); }

/// `XML_SAX2_MAGIC` (0xDEEDBEAF) as a typed value: the `initialized` mark of a SAX2 handler.
static inline unsigned int clibxml2_sax2_magic(void) { return XML_SAX2_MAGIC; }

#endif
