import Foundation

/// Reads JSON Feed 1.0 and 1.1 documents (https://www.jsonfeed.org/version/1.1/) into the same
/// ``Feed`` model as RSS and Atom, with ``FeedFormat/json1``.
///
/// Mapping (JSON Feed 1.1 section "Top-level" / "Items"): feed `title`, `home_page_url` (the
/// link), `description` (the subtitle), `language`; item `id` (a number is written in decimal,
/// as feedparser does), `url` (else `external_url`) made absolute against the document URL,
/// `title`, `summary`, `content_text` or else `content_html` as plain text (the content; the
/// summary falls back to it, as feedparser's does), `authors` (1.1) or `author` (1.0) names,
/// the item's own or else the feed's, `tags`, `date_published` and `date_modified` (RFC 3339)
/// read by ``DateParser``. Problems that cost a field (an unparseable date, an item that is not
/// an object) are warnings, as for XML feeds.
enum JSONFeedReader {
    /// Whether `bytes` (after leading whitespace and a UTF-8 byte-order mark) start a JSON object.
    static func looksLikeJSON(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "{")
    }

    /// The feed in `data`, a JSON object with a jsonfeed.org `version`.
    ///
    /// - Parameters:
    ///   - data: the document, UTF-8 (RFC 8259 section 8.1; a UTF-8 BOM is allowed).
    ///   - url: the document URL, the base for relative item URLs; nil when unknown (the
    ///     feed's `feed_url` or `home_page_url` is then the base).
    /// - Throws: ``FeedError/notAFeed(_:)`` for JSON that is not a JSON Feed (or not JSON),
    ///   naming what it is.
    static func parse(_ data: Data, url: String?) throws(FeedError) -> Feed {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw FeedError.notAFeed("a JSON document, not RSS, Atom or JSON Feed")
            }
            object = parsed
        } catch let error as FeedError {
            throw error
        } catch {
            throw .notAFeed("a JSON document that does not parse (\(Self.describe(error)))")
        }
        guard let version = object["version"] as? String, version.contains("jsonfeed.org/version/") else {
            throw .notAFeed("a JSON document, not RSS, Atom or JSON Feed (no jsonfeed.org version)")
        }
        var feed = Feed(format: .json1)
        feed.title = text(object["title"])
        feed.subtitle = text(object["description"])
        feed.language = object["language"] as? String
        let fallback = (object["feed_url"] as? String) ?? (object["home_page_url"] as? String)
        feed.link = (object["home_page_url"] as? String).map { URIResolver.absolute($0, base: url, fallback: fallback) }
        let feedAuthors = names(object)
        guard let items = object["items"] as? [Any] else {
            feed.warnings.append("no items array")
            return feed
        }
        for (index, element) in items.enumerated() {
            guard let item = element as? [String: Any] else {
                feed.warnings.append("item \(index + 1): not an object")
                continue
            }
            var entry = FeedItem()
            switch item["id"] {
            case let id as String: entry.guid = id.trimmingCharacters(in: .whitespacesAndNewlines)
            case let id as NSNumber: entry.guid = id.stringValue
            default: break
            }
            if let link = (item["url"] as? String) ?? (item["external_url"] as? String) {
                entry.link = URIResolver.absolute(link, base: url, fallback: fallback)
            }
            entry.title = text(item["title"])
            if let plain = item["content_text"] as? String {
                entry.content = HTMLText.plainText(Array(plain.utf8), markup: false)
            } else if let html = item["content_html"] as? String {
                entry.content = HTMLText.plainText(Array(html.utf8), markup: true)
            }
            entry.summary = text(item["summary"]) ?? entry.content
            let own = names(item)
            entry.authors = own.isEmpty ? feedAuthors : own
            entry.categories = (item["tags"] as? [Any] ?? []).compactMap { $0 as? String }
            for (key, keyPath) in [("date_published", \FeedItem.published), ("date_modified", \FeedItem.updated)] {
                guard let value = item[key] as? String else { continue }
                if let date = DateParser.parse(value) {
                    entry[keyPath: keyPath] = date
                } else {
                    feed.warnings.append("item \(index + 1): unparseable date '\(value)'")
                }
            }
            feed.items.append(entry)
        }
        return feed
    }

    /// A JSON string field as plain text (JSON Feed titles and summaries are plain text, but
    /// entity references in them are decoded as feedparser does); nil when absent or empty.
    private static func text(_ value: Any?) -> String? {
        guard let value = value as? String else { return nil }
        let plain = HTMLText.plainText(Array(value.utf8), markup: true)
        return plain.isEmpty ? nil : plain
    }

    /// Author names from `authors` (JSON Feed 1.1) or `author` (1.0), in order.
    private static func names(_ object: [String: Any]) -> [String] {
        var authors = (object["authors"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        if authors.isEmpty, let author = object["author"] as? [String: Any] { authors = [author] }
        return authors.compactMap { ($0["name"] as? String).flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// Foundation's JSON error without its domain boilerplate.
    private static func describe(_ error: any Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return text ?? "invalid JSON"
    }
}
