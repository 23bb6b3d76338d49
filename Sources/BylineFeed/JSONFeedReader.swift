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
/// read by ``DateParser`` (a `date_published` it cannot read is kept as written,
/// ``FeedItem/publishedText``). Problems that cost a field (an unparseable date, an item that is not
/// an object, a member of the wrong type such as `"title": 5` or `"items": {}`) are warnings
/// that say where (`feed:` or `item N:`) and what was found, as for XML feeds; the rest of the
/// item is still read, as feedparser reads on and sets `bozo`. A `null` member is taken as absent.
/// An item whose arrays and objects nest deeper than ``JSONScanner/maxDepth`` (512, the root
/// being 0) is left out with a warning naming it and the depth (`item 2: arrays and objects
/// nested 10002 deep, deeper than 512; the item was left out`, also ``Feed/leftOut``) and the
/// other items are read, as an XML feed's too-deep elements cost only themselves; a top-level
/// member so deep is ignored with a warning.
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
    /// The document is read in two passes over its bytes (``JSONScanner``): the top-level
    /// members except `items`, then the items one at a time, each turned into a ``FeedItem``
    /// before the next is read. Memory beyond `data` is one item's values plus the items kept
    /// (none with `sink`), however many items the document holds (a 16 MiB feed of 500,000 tiny
    /// items included).
    ///
    /// - Parameters:
    ///   - data: the document, UTF-8 (RFC 8259 section 8.1; a UTF-8 BOM is allowed).
    ///   - url: the document URL, the base for relative item URLs; nil when unknown (the
    ///     feed's `feed_url` or `home_page_url` is then the base).
    ///   - detail: whether to fill ``Feed/detail`` and ``FeedItem/detail`` (the members as
    ///     written: HTML and text content, authors' URLs, attachments as enclosures, icons).
    ///   - sink: when set, each item goes to it, in document order, instead of into
    ///     ``Feed/items``.
    /// - Throws: ``FeedError/notAFeed(_:)`` for JSON that is not a JSON Feed (or not JSON),
    ///   naming what it is; items already handed to `sink` are not taken back.
    static func parse(_ data: Data, url: String?, detail: Bool = false,
                      sink: ((FeedItem) -> Void)? = nil) throws(FeedError) -> Feed {
        let outcome = data.withUnsafeBytes { raw -> Result<Feed, FeedError> in
            let bytes = raw.bindMemory(to: UInt8.self)
            do throws(JSONScanError) {
                return try read(bytes, url: url, detail: detail, sink: sink)
            } catch {
                return .failure(.notAFeed("a JSON document that does not parse (\(error.description))"))
            }
        }
        return try outcome.get()
    }

    /// The top-level members JSON Feed names, read into values; the others are skipped.
    private static let feedKeys: Set<String> = ["version", "title", "description", "language", "feed_url", "home_page_url",
                                                 "authors", "author", "icon", "favicon"]

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, url: String?, detail: Bool,
                             sink: ((FeedItem) -> Void)?) throws(JSONScanError) -> Result<Feed, FeedError> {
        // Pass 1: the feed's own members; where the items array starts.
        var scanner = JSONScanner(bytes)
        try scanner.expect(UInt8(ascii: "{"), "a JSON object")
        var members: [(key: String, value: JSONValue)] = []
        var itemsAt: Int?
        var itemsIsArray = false
        // What was left out for nesting deeper than the scanner builds, one line each.
        var tooDeep: [String] = []
        try scanner.members { scanner, key throws(JSONScanError) in
            if key == "items" {
                scanner.skipWhitespace()
                itemsAt = scanner.offset
                itemsIsArray = !scanner.atEnd && scanner.bytes[scanner.offset] == UInt8(ascii: "[")
                try scanner.skipValue()
            } else if feedKeys.contains(key) {
                if let value = try readOrSkipTooDeep(&scanner, depth: 0, leftOut: { deepest in
                    "feed: \"\(key)\" has arrays and objects nested \(deepest) deep, deeper than \(JSONScanner.maxDepth); ignored"
                }, into: &tooDeep) {
                    members.append((key, value))
                }
            } else {
                try scanner.skipValue()
            }
        }
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.error("data after the JSON object") }
        let object = JSONValue.object(members)
        guard let version = object["version"]?.string, version.contains("jsonfeed.org/version/") else {
            return .failure(.notAFeed("a JSON document, not RSS, Atom or JSON Feed (no jsonfeed.org version)"))
        }
        var feed = Feed(format: .json1)
        feed.title = text(object["title"])
        feed.subtitle = text(object["description"])
        feed.language = object["language"]?.string
        let fallback = object["feed_url"]?.string ?? object["home_page_url"]?.string
        feed.link = object["home_page_url"]?.string.map { URIResolver.absolute($0, base: url, fallback: fallback) }
        let feedAuthors = names(object)
        if detail { feed.detail = feedDetail(object, link: feed.link) }
        feed.warnings += typeProblems(object, kinds: feedKinds, at: "feed")
        feed.warnings += tooDeep
        guard let itemsAt, itemsIsArray else {
            // The kind from the value's first byte: the value itself may be large.
            let kind: String? = switch itemsAt.map({ bytes[$0] }) {
            case UInt8(ascii: "{"): "an object"
            case UInt8(ascii: "\""): "a string"
            case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
            case UInt8(ascii: "n"), nil: nil
            default: "a number"
            }
            feed.warnings.append(kind.map { "feed: \"items\" is \($0), not an array; no items read" } ?? "no items array")
            if !tooDeep.isEmpty { feed.leftOut = tooDeep.joined(separator: "; ") }
            if detail, feed.detail?.problem == nil, let first = feed.warnings.first { feed.detail?.problem = first }
            return .success(feed)
        }
        // Pass 2: the items, one at a time.
        var items = JSONScanner(bytes)
        items.offset = itemsAt + 1
        var warnings: [String] = []
        try items.elements { scanner, index throws(JSONScanError) in
            let count = tooDeep.count
            guard let element = try readOrSkipTooDeep(&scanner, depth: 1, leftOut: { deepest in
                "item \(index + 1): arrays and objects nested \(deepest) deep, deeper than \(JSONScanner.maxDepth); the item was left out"
            }, into: &tooDeep) else {
                warnings += tooDeep[count...]
                return
            }
            guard case .object = element else {
                warnings.append("item \(index + 1): not an object")
                return
            }
            warnings += typeProblems(element, kinds: itemKinds, at: "item \(index + 1)")
            var entry = item(element, number: index + 1, url: url, fallback: fallback, feedAuthors: feedAuthors, warnings: &warnings)
            if detail { entry.detail = itemDetail(element, entry: entry) }
            if let sink { sink(entry) } else { feed.items.append(entry) }
        }
        feed.warnings += warnings
        if !tooDeep.isEmpty { feed.leftOut = tooDeep.joined(separator: "; ") }
        // feedparser's reading sets `bozo` for a member of the wrong type, and a part left out.
        if detail, feed.detail?.problem == nil,
           let problem = feed.leftOut ?? feed.warnings.first(where: { $0.contains(", not ") }) {
            feed.detail?.problem = problem
        }
        return .success(feed)
    }

    /// The value at the scanner, read with ``JSONScanner/value(depth:)`` (`depth` 0 for a member
    /// of the root object, 1 for an item); nil when it nests deeper than
    /// ``JSONScanner/maxDepth``: it is then walked over (``JSONScanner/skipValue()``, which needs
    /// no stack for depth; only that value's bytes are walked again) and `leftOut(deepest)` is
    /// appended to `lines`, `deepest` being how deep its arrays and objects nest in the document
    /// (the root being 0, as for ``JSONScanner/maxDepth``).
    ///
    /// - Throws: ``JSONScanError`` for bytes that are not JSON.
    private static func readOrSkipTooDeep(_ scanner: inout JSONScanner, depth: Int, leftOut: (Int) -> String,
                                          into lines: inout [String]) throws(JSONScanError) -> JSONValue? {
        let start = scanner.offset
        do throws(JSONScanError) {
            return try scanner.value(depth: depth)
        } catch {
            guard error.isTooDeep else { throw error }
            scanner.offset = start
            lines.append(leftOut(depth + (try scanner.skipValue())))
            return nil
        }
    }

    /// The kind of value a JSON Feed member must have (JSON Feed 1.1).
    enum Kind {
        case string
        /// A string, or a number (an `id`, which feedparser writes in decimal).
        case stringOrNumber
        case array
        /// An array whose elements are strings (`tags`).
        case arrayOfStrings
        /// An array whose elements are objects (`authors`, `attachments`).
        case arrayOfObjects
        case object
    }

    /// The top-level members Byline reads and their kinds (JSON Feed 1.1 "Top-level").
    static let feedKinds: [(key: String, kind: Kind)] = [
        ("title", .string), ("description", .string), ("language", .string), ("home_page_url", .string), ("feed_url", .string),
        ("icon", .string), ("favicon", .string), ("authors", .arrayOfObjects), ("author", .object),
    ]

    /// The item members Byline reads and their kinds (JSON Feed 1.1 "Items").
    static let itemKinds: [(key: String, kind: Kind)] = [
        ("id", .stringOrNumber), ("url", .string), ("external_url", .string), ("title", .string), ("summary", .string),
        ("content_text", .string), ("content_html", .string), ("date_published", .string), ("date_modified", .string),
        ("tags", .arrayOfStrings), ("authors", .arrayOfObjects), ("author", .object), ("attachments", .arrayOfObjects),
    ]

    /// One warning per member of `object` whose value is not of its kind, prefixed with
    /// `place` (`feed`, `item 3`): `item 3: "date_published" is a number, not a string; ignored`.
    /// A `null` member is taken as absent and not reported.
    static func typeProblems(_ object: JSONValue, kinds: [(key: String, kind: Kind)], at place: String) -> [String] {
        var problems: [String] = []
        for (key, kind) in kinds {
            guard let value = object[key] else { continue }
            switch (kind, value) {
            case (_, .null), (.string, .string), (.stringOrNumber, .string), (.stringOrNumber, .number),
                 (.array, .array), (.object, .object):
                continue
            case (.arrayOfStrings, .array(let elements)):
                if let odd = elements.firstIndex(where: { $0.string == nil }) {
                    problems.append("\(place): \"\(key)\" element \(odd + 1) is \(elements[odd].kindName), not a string; left out")
                }
            case (.arrayOfObjects, .array(let elements)):
                if let odd = elements.firstIndex(where: { if case .object = $0 { false } else { true } }) {
                    problems.append("\(place): \"\(key)\" element \(odd + 1) is \(elements[odd].kindName), not an object; left out")
                }
            default:
                let wanted = switch kind {
                case .string: "a string"
                case .stringOrNumber: "a string or number"
                case .array, .arrayOfStrings, .arrayOfObjects: "an array"
                case .object: "an object"
                }
                problems.append("\(place): \"\(key)\" is \(value.kindName), not \(wanted); ignored")
            }
        }
        return problems
    }

    /// One item object as a ``FeedItem``; unparseable dates become warnings.
    private static func item(_ item: JSONValue, number: Int, url: String?, fallback: String?, feedAuthors: [String],
                             warnings: inout [String]) -> FeedItem {
        var entry = FeedItem()
        switch item["id"] {
        case .string(let id): entry.guid = id.trimmingCharacters(in: .whitespacesAndNewlines)
        case .number(let literal): entry.guid = decimal(literal)
        default: break
        }
        if let link = item["url"]?.string ?? item["external_url"]?.string {
            entry.link = URIResolver.absolute(link, base: url, fallback: fallback)
        }
        entry.title = text(item["title"])
        if let plain = item["content_text"]?.string {
            entry.content = HTMLText.plainText(Array(plain.utf8), markup: false)
        } else if let html = item["content_html"]?.string {
            entry.content = HTMLText.plainText(Array(html.utf8), markup: true)
        }
        entry.summary = text(item["summary"]) ?? entry.content
        let own = names(item)
        entry.authors = own.isEmpty ? feedAuthors : own
        if case .array(let tags) = item["tags"] { entry.categories = tags.compactMap(\.string) }
        for (key, keyPath) in [("date_published", \FeedItem.published), ("date_modified", \FeedItem.updated)] {
            guard let value = item[key]?.string else { continue }
            if let date = DateParser.parseWithPrecision(value) {
                entry[keyPath: keyPath] = date.date
                if key == "date_published" { entry.publishedDayOffset = date.dayOffset }
            } else {
                warnings.append("item \(number): unparseable date '\(value)'")
                let written = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if key == "date_published", !written.isEmpty { entry.publishedText = written }
            }
        }
        return entry
    }

    /// The feed's members as written (JSON Feed 1.1 "Top-level").
    private static func feedDetail(_ object: JSONValue, link: String?) -> FeedDetail {
        var d = FeedDetail(encoding: "utf-8")
        d.declaredVersion = object["version"]?.string
        d.root = "json"
        var c = FeedMetadata()
        c.title = object["title"]?.string.map { FeedText(value: $0, type: "text/plain") }
        c.subtitle = object["description"]?.string.map { FeedText(value: $0, type: "text/plain") }
        if let home = link { c.links = [FeedLink(href: home, rel: "alternate", type: "text/html")] }
        if let icon = object["icon"]?.string { c.image = FeedImage(href: icon) }
        c.icon = object["favicon"]?.string
        c.authors = persons(object)
        d.channel = c
        return d
    }

    /// An item's members as written (JSON Feed 1.1 "Items"): HTML and text content in that
    /// order, attachments as enclosures.
    private static func itemDetail(_ item: JSONValue, entry: FeedItem) -> FeedItemDetail {
        var d = FeedItemDetail()
        d.title = item["title"]?.string.map { FeedText(value: $0, type: "text/plain") }
        d.summary = item["summary"]?.string.map { FeedText(value: $0, type: "text/plain") }
        if let html = item["content_html"]?.string { d.contents.append(FeedText(value: html, type: "text/html")) }
        if let text = item["content_text"]?.string { d.contents.append(FeedText(value: text, type: "text/plain")) }
        if let link = entry.link { d.links.append(FeedLink(href: link, rel: "alternate", type: "text/html")) }
        if case .array(let attachments) = item["attachments"] {
            for attachment in attachments {
                guard let href = attachment["url"]?.string else { continue }
                var link = FeedLink(href: href, rel: "enclosure")
                link.type = attachment["mime_type"]?.string
                switch attachment["size_in_bytes"] {
                case .number(let literal): link.length = decimal(literal)
                case .string(let text): link.length = text
                default: break
                }
                d.links.append(link)
            }
        }
        for (key, keyPath) in [("date_published", \FeedItemDetail.published), ("date_modified", \FeedItemDetail.updated)] {
            if let text = item[key]?.string { d[keyPath: keyPath] = FeedTimestamp(text: text, date: DateParser.parse(text)) }
        }
        if case .array(let tags) = item["tags"] { d.categories = tags.compactMap(\.string).map { FeedCategory(term: $0) } }
        d.authors = persons(item)
        return d
    }

    /// Authors (`authors`, else `author`) as persons: name and URL.
    private static func persons(_ object: JSONValue) -> [FeedPerson] {
        var authors: [JSONValue] = []
        if case .array(let list) = object["authors"] { authors = list.filter { if case .object = $0 { true } else { false } } }
        if authors.isEmpty, let author = object["author"], case .object = author { authors = [author] }
        return authors.map { FeedPerson(name: $0["name"]?.string, href: $0["url"]?.string) }
    }

    /// A numeric id in decimal, as feedparser writes it: an integer as written, another number
    /// as its shortest decimal form (`1e3` is `1000`).
    static func decimal(_ literal: String) -> String {
        if !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return literal }
        guard let value = Double(literal) else { return literal }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// A JSON string field as plain text (JSON Feed titles and summaries are plain text, but
    /// entity references in them are decoded as feedparser does); nil when absent or empty.
    private static func text(_ value: JSONValue?) -> String? {
        guard let value = value?.string else { return nil }
        let plain = HTMLText.plainText(Array(value.utf8), markup: true)
        return plain.isEmpty ? nil : plain
    }

    /// Author names from `authors` (JSON Feed 1.1) or `author` (1.0), in order.
    private static func names(_ object: JSONValue) -> [String] {
        var authors: [JSONValue] = []
        if case .array(let list) = object["authors"] { authors = list.filter { if case .object = $0 { true } else { false } } }
        if authors.isEmpty, let author = object["author"], case .object = author { authors = [author] }
        return authors.compactMap { $0["name"]?.string.flatMap { $0.isEmpty ? nil : $0 } }
    }
}
