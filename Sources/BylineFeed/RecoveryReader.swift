internal import CLibXML2

/// The feedparser-shaped walk's recovery reader (``FeedparserReader``): a tree parse with
/// `XML_PARSE_RECOVER` (`xmlReadMemory`), walked with the same reader API (`xmlReaderWalker`).
/// Byline's own parser recovers inside its one SAX2 pass instead (``FeedSAXPass``).
///
/// libxml2's streaming reader gives up at the first fatal error even with `RECOVER` set
/// (`xmlTextReaderRead` returns -1 before delivering a node of a small document), so a document
/// with one mismatched tag would lose everything. The tree parser does recover, keeping the
/// elements around the error as a browser would. Memory is then proportional to the document,
/// which is bounded by ``FeedParser/Options/maxBytes``; this path runs only for documents that
/// are not well-formed. The options are the strict pass's plus `RECOVER`: never `NOENT`,
/// `DTDLOAD` or `HUGE`, and entity references stay unexpanded nodes the walker does not enter.
///
/// A walker reports an element without children as empty (`xmlTextReaderIsEmptyElement` is 1)
/// and gives no end node for it, which is what the streaming loops already expect.
enum RecoveryReader {
    /// Parses `bytes` in recovery mode and runs `body` with a reader over the tree; nil when
    /// libxml2 builds no document at all. The reader and the tree are freed before returning.
    ///
    /// - Parameters:
    ///   - bytes: normalised UTF-8, fewer than 2 GiB.
    ///   - url: the document URL (libxml2's base for `xml:base`), or nil.
    ///   - options: the `xmlParserOption` bits of the strict pass; `RECOVER` is added.
    static func withReader<R>(_ bytes: UnsafeBufferPointer<UInt8>, url: String?, options: Int32,
                              _ body: (OpaquePointer) -> R) -> R? {
        guard let base = bytes.baseAddress, bytes.count < Int(Int32.max) else { return nil }
        let raw = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
        let recoverOptions = options | Int32(XML_PARSE_RECOVER.rawValue)
        guard let doc = xmlReadMemory(raw, Int32(bytes.count), url, "UTF-8", recoverOptions) else { return nil }
        defer { xmlFreeDoc(doc) }
        guard xmlDocGetRootElement(doc) != nil, let reader = xmlReaderWalker(doc) else { return nil }
        defer { xmlFreeTextReader(reader) }
        return body(reader)
    }
}
