public import Foundation
internal import CLibXML2

/// `xmlInitParser()`, run once before the first parse (a lazily initialised global is
/// initialised exactly once, thread-safely).
private let libxml2Initialized: Bool = {
    xmlInitParser()
    return true
}()

/// Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 documents into ``Feed`` values with libxml2, and JSON
/// Feed 1.0/1.1 documents (a JSON object; ``JSONFeedReader``) into the same model.
///
/// The parser is a value with no shared state: parse on as many threads as you like.
///
/// How a document is read:
/// 1. Bytes over ``Options/maxBytes`` are refused (``FeedError/tooLarge(bytes:limit:)``).
/// 2. A normalisation pass decides the encoding (valid UTF-8 is UTF-8 unless a label names a
///    multi-byte CJK encoding; otherwise ``EncodingDecider``: BOM, XML declaration and HTTP
///    charset in feedparser's order, with iconv),
///    transcodes to UTF-8, drops anything before the first `<` and markup-like junk before a
///    later XML declaration or feed root (a PHP notice, a `<div>` of warnings), turns HTML
///    named references into numeric ones, escapes bare `&`, and drops C0 control characters.
///    Each repair that changes content adds a warning.
/// 3. libxml2's SAX2 push parser reads the result in chunks with `XML_PARSE_NONET`, `NOERROR`,
///    `NOWARNING`, `IGNORE_ENC` and `RECOVER`; never `NOENT`, `DTDLOAD` or `HUGE`, so external
///    entities are not loaded; entity expansion is bounded by libxml2's loop and amplification
///    checks and by a text budget (four times the document plus 1 MiB): a document that trips
///    either (a "billion laughs") is refused whole with ``FeedError/entityExpansion(line:reason:)``.
/// 4. A document that is not well-formed is read on in recovery mode (as libxml2's recovering
///    parser does: a mismatched end tag closes the open element), with a warning naming the
///    first error. A truncated document keeps its whole items; the cut one is left out, and
///    the cut is one warning (``Feed/cutOff``: `line 3: the document ends before its root
///    element closes, inside an item, which is left out`), not also libxml2's complaint about
///    the unfinished tail ("Extra content at the end of the document"); an earlier error is
///    still named. A reading a limit stopped names the limit once (``Feed/stoppedBy``).
/// 5. Elements nested deeper than ``Options/maxDepth`` are cut out of the bytes before libxml2
///    reads them (each such subtree whole), so the item that holds them and every later item
///    are read; ``Feed/leftOut`` and a warning say what was left out.
///
/// Field mapping (RSS / Atom; element names are matched without regard to case, and an item is
/// `item` or `entry` in any of RSS's or Atom's namespaces, as feedparser reads them):
/// `title`; `link` (Atom `link rel="alternate"` or without rel, or given as text; RSS falls
/// back to a permalink `guid` that is a web URL, as feedparser does) made absolute against
/// `xml:base` (one whose scheme no link may be resolved against, such as `javascript:`, is
/// ignored), else the document `url`, else the channel link; `guid` (Atom `id`, RSS 1.0
/// `rdf:about`) exactly as given but trimmed of surrounding whitespace; `summary`
/// (`description` or `summary`, then `dc:description`, then `media:description` as YouTube
/// feeds have it; a second summary of an item without content is its content, as in
/// feedparser); `content` (`content:encoded`, Atom `content`, Atom 0.3 base64 decoded);
/// `authors` (`author`, `dc:creator`, Atom `author/name`, an Atom entry inheriting the feed's
/// authors when it has none); `categories` (`category`, `dc:subject`, Atom `category/@term`);
/// `published` (`pubDate`, Atom `published`, then `dc:date`, then `dcterms:issued`/`created`);
/// `updated` (Atom `updated`, `dcterms:modified`); of two dates of one kind the last one
/// counts. Atom `source` elements inside entries are skipped (the detail reads them). CDF
/// (a `CHANNEL` root with `ITEM`s, their `HREF` and `LASTMOD` attributes and `ABSTRACT`
/// elements) is read too.
///
/// With ``Options/detail`` the same pass also fills ``Feed/detail`` and ``FeedItem/detail``
/// (see ``FeedDetail``): what `byline parse --format feedparser` prints in feedparser's shape.
public struct FeedParser: Sendable {
    /// Limits that bound the work one document can cause.
    public struct Options: Sendable {
        /// Documents with more bytes than this are refused with ``FeedError/tooLarge(bytes:limit:)``.
        /// Default 64 MiB.
        public var maxBytes: Int
        /// Elements nested deeper than this (root = 0) are left out, each such subtree whole,
        /// with a warning (``Feed/leftOut``); the rest of the document, later items included, is
        /// read. libxml2 never holds more open elements than this (its stacks grow with the
        /// depth). Default 256 (libxml2's own limit without `HUGE`).
        public var maxDepth: Int
        /// A start tag with more attributes than this (namespace declarations included) makes
        /// the document fail with ``FeedError/tooManyAttributes(line:limit:)`` before libxml2
        /// reads the tag: libxml2 compares each attribute of a tag with every earlier one, so
        /// its time grows with the square of the count (a 9.9 MB feed of 1.26M attributes in
        /// one tag took hours). Default 1,000 (real feeds carry at most a few dozen, on the root).
        public var maxAttributes: Int
        /// The longest an XML parse may run (wall time), checked between 256 KiB chunks and every
        /// 4,096 elements or text runs; past it the document fails with
        /// ``FeedError/timedOut(seconds:)``. A backstop for work no count bounds; nil for none.
        /// Default 20 s.
        public var timeLimit: Duration?
        /// Whether to read the detail too (``Feed/detail``, ``FeedItem/detail``): every link,
        /// person, category and date as written, text constructs with their type, language and
        /// base, extension elements, the encoding and what made the document less than clean
        /// XML. The same pass reads it from the same elements as the plain fields, which do not
        /// change. Off by default: it costs an allocation or more per element.
        public var detail: Bool

        /// Creates options; the defaults are 64 MiB, depth 256, 1,000 attributes per tag, 20 s
        /// and no detail.
        ///
        /// - Parameters:
        ///   - maxBytes: the largest accepted document, in bytes.
        ///   - maxDepth: the deepest element nesting read.
        ///   - maxAttributes: the most attributes one start tag may have.
        ///   - timeLimit: the longest a parse may run, or nil.
        ///   - detail: whether to read ``Feed/detail`` too.
        public init(maxBytes: Int = 64 << 20, maxDepth: Int = 256, maxAttributes: Int = 1_000,
                    timeLimit: Duration? = .seconds(20), detail: Bool = false) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.maxAttributes = maxAttributes
            self.timeLimit = timeLimit
            self.detail = detail
        }
    }

    /// The limits this parser applies.
    public var options: Options

    /// Bytes handed to libxml2's push parser at a time (``FeedSAXPass/defaultChunkSize``);
    /// tests set small odd sizes to split documents at awkward places.
    var chunkSize = FeedSAXPass.defaultChunkSize

    /// Creates a parser with the given limits.
    ///
    /// - Parameter options: size and depth limits; ``Options/init(maxBytes:maxDepth:)`` by default.
    public init(options: Options = .init()) {
        self.options = options
    }

    /// Parses one feed document.
    ///
    /// - Parameters:
    ///   - data: the raw bytes as served (any encoding; see the type's discussion).
    ///   - url: the document URL, the base for relative links when no `xml:base` applies; nil
    ///     when unknown (the channel link is then the base).
    ///   - contentType: the HTTP `Content-Type` header value, whose `charset` is used only when
    ///     there is no BOM and the bytes are not valid UTF-8 (or it names a multi-byte CJK
    ///     encoding); nil when unknown.
    ///   - contentLanguage: the HTTP `Content-Language`, the language of text that no
    ///     `xml:lang` or `language` element names (read only with ``Options/detail``); nil when unknown.
    /// - Returns: the feed; problems that cost a field are in ``Feed/warnings``.
    /// - Throws: ``FeedError/tooLarge(bytes:limit:)`` over the size limit;
    ///   ``FeedError/tooManyAttributes(line:limit:)`` or ``FeedError/timedOut(seconds:)`` past
    ///   the work limits of ``Options``; ``FeedError/entityExpansion(line:reason:)`` for an
    ///   entity expansion bomb;
    ///   ``FeedError/empty`` for no bytes or only whitespace; ``FeedError/notAFeed(_:)`` for an
    ///   HTML page, JSON that is not a JSON Feed, plain text or another XML vocabulary; ``FeedError/malformed(line:message:)``
    ///   when even recovery finds no root element.
    public func parse(_ data: Data, url: String? = nil, contentType: String? = nil,
                      contentLanguage: String? = nil) throws(FeedError) -> Feed {
        try run(data, url: url, contentType: contentType, contentLanguage: contentLanguage, sink: nil)
    }

    /// Parses one feed document in bounded memory, handing out each item as soon as it is read.
    ///
    /// The same reading as ``parse(_:url:contentType:)``, but no item is kept: `onItem` gets
    /// each one, in document order, when its element ends, and the returned ``Feed`` has the
    /// channel's fields and warnings with empty ``Feed/items``. Beyond `data` itself, memory
    /// stays bounded by the largest item (a valid UTF-8 document that needs no repair is not
    /// even copied): a 100 MB feed parses in a few MB over the process baseline.
    ///
    /// Differences from ``parse(_:url:contentType:)``, which sees the whole document first:
    /// - a relative item link is resolved with the channel link only if the channel link came
    ///   before the item, and an Atom entry without authors inherits only feed authors that
    ///   came before it (both are the order real feeds use);
    /// - a document that is not well-formed is recovered in the same single pass, so every
    ///   item is handed out once, in document order.
    ///
    /// - Parameters:
    ///   - data: the raw bytes as served.
    ///   - url: the document URL (base for relative links), or nil.
    ///   - contentType: the HTTP `Content-Type` value, or nil.
    ///   - onItem: called once per item, on the calling thread, before this method returns.
    /// - Returns: the feed without items.
    /// - Throws: as ``parse(_:url:contentType:)``; items handed out before a `malformed`
    ///   error are not taken back.
    public func parse(_ data: Data, url: String? = nil, contentType: String? = nil,
                      onItem: (FeedItem) -> Void) throws(FeedError) -> Feed {
        try withoutActuallyEscaping(onItem) { sink throws(FeedError) -> Feed in
            try run(data, url: url, contentType: contentType, contentLanguage: nil, sink: sink)
        }
    }

    /// Kept for source compatibility: 16 MiB, the size above which an earlier tree-based
    /// recovery was skipped. Recovery now happens inside the one SAX2 parse, which builds no
    /// tree, so documents of every accepted size are recovered.
    public static let recoveryLimit = 16 << 20

    private func run(_ data: Data, url: String?, contentType: String?, contentLanguage: String?,
                     sink: ((FeedItem) -> Void)?) throws(FeedError) -> Feed {
        guard data.count <= options.maxBytes else {
            throw .tooLarge(bytes: data.count, limit: options.maxBytes)
        }
        if data.withUnsafeBytes({ JSONFeedReader.looksLikeJSON($0.bindMemory(to: UInt8.self)) }) {
            return try JSONFeedReader.parse(data, url: url, detail: options.detail, sink: sink)
        }
        _ = libxml2Initialized
        var normalizer = ByteNormalizer()
        normalizer.reportsEncoding = options.detail
        let options = self.options
        let chunkSize = self.chunkSize
        let outcome = normalizer.withNormalized(data, contentType: contentType) { sniff, bytes -> Result<Feed, FeedError> in
            switch sniff {
            case .empty: return .failure(.empty)
            case .notMarkup(let reason): return .failure(.notAFeed(reason))
            case .markup:
                // The encoding is filled in below, once the normaliser has named it.
                let detail: FeedSAXPass.DetailState? = options.detail ? .init(encoding: "", language: contentLanguage) : nil
                return Self.read(bytes, url: url, options: options, chunkSize: chunkSize, detail: detail, sink: sink)
            }
        }
        var feed = try outcome.get()
        feed.warnings = normalizer.warnings + feed.warnings
        if feed.detail != nil {
            feed.detail!.encoding = normalizer.encoding ?? "utf-8"
            feed.detail!.problem = normalizer.problem ?? feed.detail!.problem
        }
        return feed
    }

    /// The SAX2 pass over normalised bytes, and what its outcome means for the caller.
    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, url: String?, options: Options, chunkSize: Int,
                             detail: FeedSAXPass.DetailState?, sink: ((FeedItem) -> Void)?) -> Result<Feed, FeedError> {
        if looksLikeHTML(bytes) { return .failure(.notAFeed("an HTML page (<html>)")) }
        let pass = FeedSAXPass.run(bytes: bytes, url: url, maxDepth: options.maxDepth, maxAttributes: options.maxAttributes,
                                   timeLimit: options.timeLimit, chunkSize: chunkSize, detail: detail, sink: sink)
        if let refusal = pass.refusal { return .failure(refusal) }
        if let reason = pass.notAFeed { return .failure(.notAFeed(reason)) }
        guard var feed = pass.feed else {
            return .failure(.malformed(line: pass.errorLine, message: pass.errorMessage ?? "libxml2 found no root element"))
        }
        if let message = pass.errorMessage {
            // Not well-formed: libxml2 read on in recovery mode (a truncated document keeps its
            // whole items; the cut one never ended, so it is not among them).
            let located = pass.errorLine > 0 ? "line \(pass.errorLine): \(message)" : message
            if feed.detail != nil { feed.detail!.problem = located }
            let cutOff = feed.isTruncated && feed.stoppedBy == nil
            if cutOff, message == ReaderErrors.depthMessage {
                // libxml2's own nesting limit halted it (elements made by entity expansion):
                // the reason, named once.
                feed.stoppedBy = located
                feed.warnings = [located] + feed.warnings
            } else if feed.stoppedBy != nil, message == ReaderErrors.depthMessage {
                // This pass stopped at the same limit, and its warning names it.
            } else if !(cutOff && pass.firstErrorAtEnd) {
                // (libxml2's complaint about the unfinished tail of a cut-off document, "Extra
                // content at the end of the document" before 2.12, is the cut, which
                // ``Feed/cutOff`` names.)
                feed.warnings = [located + "; read in recovery mode"] + feed.warnings
            }
        } else if feed.detail != nil, let stop = feed.stoppedBy ?? feed.leftOut {
            feed.detail!.problem = stop
        } else if feed.detail != nil, let error = pass.errorOnly {
            feed.detail!.problem = error
        }
        // A document cut off (not stopped by a limit) says so in one warning, at its end.
        if feed.isTruncated, feed.stoppedBy == nil {
            let cut = "line \(pass.endLine): the document ends before its root element closes"
                + (pass.endedInItem ? ", inside an item, which is left out" : "")
            feed.cutOff = cut
            feed.warnings.append(cut)
        } else if pass.endedInItem {
            feed.warnings.append("the last item was cut off and is left out")
        }
        return .success(feed)
    }

    /// Whether normalised bytes open like an HTML page (`<!DOCTYPE html` or `<html`).
    static func looksLikeHTML(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let head = bytes.prefix(64).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return head.starts(with: Array("<!doctype html".utf8)) || head.starts(with: Array("<html".utf8))
    }
}
