public import Foundation
internal import CLibXML2

/// `xmlInitParser()`, run once before the first parse (a lazily initialised global is
/// initialised exactly once, thread-safely).
private let libxml2Initialized: Bool = {
    xmlInitParser()
    return true
}()

/// Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 documents into ``Feed`` values with libxml2.
///
/// The parser is a value with no shared state: parse on as many threads as you like.
///
/// How a document is read:
/// 1. Bytes over ``Options/maxBytes`` are refused (``FeedError/tooLarge(bytes:limit:)``).
/// 2. A normalisation pass decides the encoding (BOM, then the HTTP charset, then the XML
///    declaration, but valid UTF-8 is UTF-8), transcodes to UTF-8, drops anything before the
///    first `<`, turns HTML named references into numeric ones, escapes bare `&`, and drops C0
///    control characters. Each repair that changes content adds a warning.
/// 3. libxml2's streaming reader walks the result with `XML_PARSE_NONET`, `NOERROR`,
///    `NOWARNING` and `IGNORE_ENC`; never `NOENT`, `DTDLOAD` or `HUGE`, so external entities
///    are not loaded and entity-expansion bombs are refused by libxml2.
/// 4. When that strict walk fails (a truncated or broken document), a second walk with
///    `XML_PARSE_RECOVER` keeps what can be read, with a warning naming the first error.
///
/// Field mapping (RSS / Atom): `title`; `link` (Atom `link rel="alternate"` or without rel;
/// RSS falls back to a permalink `guid`, as feedparser does) made absolute against `xml:base`,
/// else the document `url`, else the channel link; `guid` (Atom `id`, RSS 1.0 `rdf:about`)
/// exactly as given but trimmed of surrounding whitespace; `summary` (`description`, Atom
/// `summary`, then `dc:description`, then `media:description` as YouTube feeds have it);
/// `content` (`content:encoded`, Atom `content`); `authors` (`author`, `dc:creator`, Atom
/// `author/name`, an Atom entry inheriting the feed's authors when it has none); `categories`
/// (`category`, `dc:subject`, Atom `category/@term`); `published` (`pubDate`, Atom
/// `published`, then `dc:date`, then `dcterms:issued`/`created`); `updated` (Atom `updated`,
/// `dcterms:modified`). Atom `source` elements inside entries are skipped.
public struct FeedParser: Sendable {
    /// Limits that bound the work one document can cause.
    public struct Options: Sendable {
        /// Documents with more bytes than this are refused with ``FeedError/tooLarge(bytes:limit:)``.
        /// Default 64 MiB.
        public var maxBytes: Int
        /// Elements nested deeper than this (root = 0) end the walk there, with a warning; the
        /// items read before are kept. Default 256 (libxml2's own limit without `HUGE`).
        public var maxDepth: Int

        /// Creates options; the defaults are 64 MiB and depth 256.
        ///
        /// - Parameters:
        ///   - maxBytes: the largest accepted document, in bytes.
        ///   - maxDepth: the deepest element nesting read.
        public init(maxBytes: Int = 64 << 20, maxDepth: Int = 256) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
        }
    }

    /// The limits this parser applies.
    public var options: Options

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
    ///     there is no BOM and the bytes are not valid UTF-8; nil when unknown.
    /// - Returns: the feed; problems that cost a field are in ``Feed/warnings``.
    /// - Throws: ``FeedError/tooLarge(bytes:limit:)`` over the size limit;
    ///   ``FeedError/empty`` for no bytes or only whitespace; ``FeedError/notAFeed(_:)`` for an
    ///   HTML page, JSON, plain text or another XML vocabulary; ``FeedError/malformed(line:message:)``
    ///   when even recovery finds no root element.
    public func parse(_ data: Data, url: String? = nil, contentType: String? = nil) throws(FeedError) -> Feed {
        guard data.count <= options.maxBytes else {
            throw .tooLarge(bytes: data.count, limit: options.maxBytes)
        }
        _ = libxml2Initialized
        var normalizer = ByteNormalizer()
        switch normalizer.run(data, contentType: contentType) {
        case .empty: throw .empty
        case .notMarkup(let reason): throw .notAFeed(reason)
        case .markup: break
        }
        let bytes = normalizer.bytes
        if Self.looksLikeHTML(bytes) { throw .notAFeed("an HTML page (<html>)") }

        let strict = FeedReadPass.run(bytes: bytes, url: url, recover: false, maxDepth: options.maxDepth)
        if let reason = strict.notAFeed { throw .notAFeed(reason) }
        if !strict.failed, var feed = strict.feed {
            feed.warnings = normalizer.warnings + feed.warnings
            return feed
        }
        let recovered = FeedReadPass.run(bytes: bytes, url: url, recover: true, maxDepth: options.maxDepth)
        if let reason = recovered.notAFeed { throw .notAFeed(reason) }
        let message = strict.errorMessage ?? "libxml2 stopped reading"
        guard var feed = recovered.feed ?? strict.feed else {
            throw .malformed(line: strict.errorLine, message: message)
        }
        if let partial = strict.feed, partial.items.count > feed.items.count { feed = partial }
        let note = strict.errorLine > 0
            ? "line \(strict.errorLine): \(message); read in recovery mode"
            : "\(message); read in recovery mode"
        feed.warnings = normalizer.warnings + [note] + feed.warnings
        return feed
    }

    /// Whether normalised bytes open like an HTML page (`<!DOCTYPE html` or `<html`).
    static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(64).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return head.starts(with: Array("<!doctype html".utf8)) || head.starts(with: Array("<html".utf8))
    }
}
