import Foundation

/// JSON Feed 1.0 / 1.1 (https://www.jsonfeed.org/version/1.1/) read into feedparser's result
/// shape, as feedparser 6 does (`version` `json1`).
enum FeedparserJSONFeed {
    /// The result keys (`version`, `feed`, `entries`, `bozo`) for a JSON Feed document, or nil
    /// when the bytes are not a JSON object with a jsonfeed.org `version`.
    static func parse(_ utf8: [UInt8]) -> FPDict? {
        guard let first = utf8.first(where: { $0 > 0x20 }), first == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(utf8)) as? [String: Any],
              let version = object["version"] as? String, version.contains("jsonfeed.org") else { return nil }
        let result = FPDict()
        result["bozo"] = .bool(false)
        result["version"] = .string("json1")
        let feed = FPDict()
        func text(_ v: Any?) -> String? { v as? String }
        if let t = text(object["title"]) { feed["title"] = .string(t) }
        if let h = text(object["home_page_url"]) {
            feed["link"] = .string(h)
            feed["links"] = .list(FPList([.dict(FPDict([("rel", .string("alternate")), ("type", .string("text/html")), ("href", .string(h))]))]))
        }
        if let d = text(object["description"]) { feed["subtitle"] = .string(d) }
        if let l = text(object["language"]) { feed["language"] = .string(l) }
        if let i = text(object["icon"]) { feed["image"] = .dict(FPDict([("href", .string(i))])) }
        if let f = text(object["favicon"]) { feed["icon"] = .string(f) }
        addAuthors(object, to: feed)
        result["feed"] = .dict(feed)
        let entries = FPList()
        for case let item as [String: Any] in (object["items"] as? [Any]) ?? [] {
            let e = FPDict()
            if let id = item["id"] { e["id"] = .string(id as? String ?? "\(id)") }
            if let t = text(item["title"]) { e["title"] = .string(t) }
            if let u = text(item["url"]) {
                e["link"] = .string(u)
                e["links"] = .list(FPList([.dict(FPDict([("rel", .string("alternate")), ("type", .string("text/html")), ("href", .string(u))]))]))
            }
            if let s = text(item["summary"]) { e["summary"] = .string(s) }
            let content = FPList()
            if let h = text(item["content_html"]) {
                content.items.append(.dict(FPDict([("type", .string("text/html")), ("value", .string(h))])))
            }
            if let t = text(item["content_text"]) {
                content.items.append(.dict(FPDict([("type", .string("text/plain")), ("value", .string(t))])))
            }
            if !content.items.isEmpty {
                e["content"] = .list(content)
                if !e.has("summary"), let v = content.items.first?.dict?["value"] { e["summary"] = v }
            }
            if let p = text(item["date_published"]) {
                e["published"] = .string(p)
                e["published_parsed"] = FeedDate.tuple(p).map { .time($0) } ?? .null
            }
            if let m = text(item["date_modified"]) {
                e["updated"] = .string(m)
                e["updated_parsed"] = FeedDate.tuple(m).map { .time($0) } ?? .null
            }
            if let tags = item["tags"] as? [String] {
                e["tags"] = .list(FPList(tags.map { .dict(FPDict([("term", .string($0)), ("scheme", .null), ("label", .null)])) }))
            }
            for case let a as [String: Any] in (item["attachments"] as? [Any]) ?? [] {
                guard let u = a["url"] as? String else { continue }
                let link = FPDict([("rel", .string("enclosure")), ("href", .string(u))])
                if let t = a["mime_type"] as? String { link["type"] = .string(t) }
                if let l = a["size_in_bytes"] { link["length"] = .string("\(l)") }
                e.setDefault("links", .list(FPList())).list!.items.append(.dict(link))
            }
            addAuthors(item, to: e)
            entries.items.append(.dict(e))
        }
        result["entries"] = .list(entries)
        return result
    }

    static func addAuthors(_ object: [String: Any], to d: FPDict) {
        var authors = (object["authors"] as? [[String: Any]]) ?? []
        if authors.isEmpty, let a = object["author"] as? [String: Any] { authors = [a] }
        guard !authors.isEmpty else { return }
        let list = FPList()
        for a in authors {
            let detail = FPDict()
            if let n = a["name"] as? String { detail["name"] = .string(n) }
            if let u = a["url"] as? String { detail["href"] = .string(u) }
            list.items.append(.dict(detail))
        }
        d["authors"] = .list(list)
        if let first = list.items.first?.dict {
            d["author_detail"] = .dict(first.copied())
            if let n = first["name"] { d["author"] = n }
        }
    }
}
