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
#include <libxml/SAX2.h>

/// `xmlFree` is a global function pointer, which Swift 6 rejects as not concurrency-safe.
static inline void benchlibxml2_free(void *p) { xmlFree(p); }

#include <string.h>

// The bare SAX2 walk (the second ceiling), in C so that the Swift side adds nothing: libxml2's
// push parser fed in chunks, callbacks that only count `item`/`entry` start tags.
static inline void benchlibxml2_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                                      const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
                                      int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
    if (strcmp((const char *)localname, "item") == 0 || strcmp((const char *)localname, "entry") == 0)
        (*(int *)ctx)++;
}
static inline void benchlibxml2_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                                    const xmlChar *URI) {}
static inline void benchlibxml2_text(void *ctx, const xmlChar *ch, int len) {}
static inline void benchlibxml2_error(void *ctx, xmlErrorPtr error) {}

/// Parses `len` bytes at `buf` with the SAX2 push parser in `chunk`-byte pieces (options
/// NONET, NOERROR, NOWARNING, RECOVER); returns the number of item/entry elements.
static inline int benchlibxml2_sax_count(const char *buf, int len, int chunk) {
    xmlSAXHandler h;
    memset(&h, 0, sizeof h);
    h.initialized = XML_SAX2_MAGIC;
    h.startElementNs = benchlibxml2_start;
    h.endElementNs = benchlibxml2_end;
    h.characters = benchlibxml2_text;
    h.cdataBlock = benchlibxml2_text;
    h.ignorableWhitespace = benchlibxml2_text;
    h.serror = benchlibxml2_error;
    int items = 0;
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&h, &items, NULL, 0, NULL);
    if (ctxt == NULL) return 0;
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER);
    int offset = 0;
    while (offset < len) {
        int size = len - offset < chunk ? len - offset : chunk;
        xmlParseChunk(ctxt, buf + offset, size, offset + size == len);
        offset += size;
        if (ctxt->instate == XML_PARSER_EOF) break;
    }
    xmlFreeParserCtxt(ctxt);
    return items;
}

#endif
