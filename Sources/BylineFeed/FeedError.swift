/// Why a document could not be read as a feed at all.
///
/// Problems that cost only a field (a broken date, an undefined entity, a truncated tail) are
/// not errors: they land in ``Feed/warnings``. These cases are for documents that give nothing.
public enum FeedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The document has no bytes, or only whitespace (after a byte-order mark, if any).
    case empty
    /// The document is well-formed enough to read but is not RSS or Atom. The associated text
    /// names what it is instead, e.g. `"an HTML page (<html>)"`,
    /// `"root element <opml> is not rss, rdf:RDF or feed"` or `"NUL bytes only (100 bytes)"`.
    case notAFeed(String)
    /// libxml2 could not find a root element even in recovery mode. `line` is the 1-based
    /// line of the first error libxml2 reported (0 when it named none), `message` its text.
    case malformed(line: Int, message: String)
    /// The document has more bytes than ``FeedParser/Options/maxBytes`` allows.
    case tooLarge(bytes: Int, limit: Int)
    /// A start tag at 1-based `line` has more than `limit` attributes
    /// (``FeedParser/Options/maxAttributes``); libxml2's time would grow with their square.
    case tooManyAttributes(line: Int, limit: Int)
    /// The parse ran longer than ``FeedParser/Options/timeLimit`` (`seconds`, whole) and was stopped.
    case timedOut(seconds: Int)
    /// An entity expansion bomb ("billion laughs"): libxml2 refused to expand an entity
    /// declared in the document's internal subset (its loop and amplification checks), or the
    /// expanded text outgrew the parser's text budget. `line` is the 1-based line of the
    /// reference (0 when unknown), `reason` what stopped it, e.g. libxml2's `"Detected an
    /// entity reference loop"`. The document is refused whole, like the other defences, so a
    /// pull of it is a failed pull.
    case entityExpansion(line: Int, reason: String)

    /// One line for a log or the command line, e.g. `"not a feed: an HTML page (<html>)"`.
    public var description: String {
        switch self {
        case .empty:
            return "empty document"
        case .notAFeed(let reason):
            return "not a feed: \(reason)"
        case .malformed(let line, let message):
            return line > 0 ? "malformed XML at line \(line): \(message)" : "malformed XML: \(message)"
        case .tooLarge(let bytes, let limit):
            return "document too large: \(bytes) bytes, limit \(limit)"
        case .tooManyAttributes(let line, let limit):
            return "refused: an element at line \(line) has more than \(limit) attributes"
        case .timedOut(let seconds):
            return "refused: parsing took longer than \(seconds) s"
        case .entityExpansion(let line, let reason):
            return "refused: an entity expansion bomb\(line > 0 ? " at line \(line)" : "") (\(reason))"
        }
    }
}
