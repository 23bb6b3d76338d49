import BylineFeed
import Foundation

/// Prints a ``Feed`` and its detail as feedparser's `feed` and `entries` dictionaries.
///
/// Values come from the model as read; what is feedparser's own is applied here: key names,
/// `*_detail` objects, `author` strings with `author_detail` split from them, tag
/// de-duplication, HTML values re-serialised and sanitised (``FeedparserHTML``), the repair of
/// double-encoded text, and extension elements flattened into keys (`itunes_explicit`,
/// `media_thumbnail`, `thr_in-reply-to`, or an unknown element's name).
struct FeedparserPrinter {
    /// Whether the document is Atom (feedparser then takes `text/plain` at its word).
    let isAtom: Bool
    /// Whether the document is a JSON Feed (values are printed as given, without `*_detail`).
    let isJSON: Bool

    static let htmlTypes: Set<String> = ["application/xhtml+xml", "text/html"]

    // MARK: - Feed

    func feed(_ feed: Feed, _ detail: FeedDetail, contentLanguage: String?) -> FPDict {
        let d = FPDict()
        let c = detail.channel
        if let language = feed.language ?? contentLanguage {
            d["language"] = .string(language.replacingOccurrences(of: "_", with: "-"))
        }
        metadata(c, into: d, link: feed.link)
        if let ttl = c.ttl { d["ttl"] = .string(ttl) }
        if let docs = c.docs { d["docs"] = .string(docs) }
        if let cloud = c.cloud { d["cloud"] = .dict(Self.attributes(cloud)) }
        if let image = c.image { d["image"] = .dict(self.image(image)) }
        if let t = c.textInput {
            let ti = FPDict()
            if let v = t.title { ti["title"] = .string(v) }
            if let v = t.description { ti["description"] = .string(v) }
            if let v = t.name { ti["name"] = .string(v) }
            if let v = t.link { ti["link"] = .string(v) }
            d["textinput"] = .dict(ti)
        }
        if let v = c.errorReportsTo { d["errorreportsto"] = .string(v) }
        if let v = c.newLocation { d["newlocation"] = .string(v) }
        if let s = c.validStart { d["validity_start"] = .string(s.text); d["validity_start_parsed"] = Self.parsed(s) }
        if let e = c.validEnd { d["validity_end"] = .string(e.text); d["validity_end_parsed"] = Self.parsed(e) }
        for e in c.extensions { flatten(e, into: d, top: true) }
        return d
    }

    /// The fields a channel and an entry's source share.
    func metadata(_ c: FeedMetadata, into d: FPDict, link: String?) {
        text(c.title, "title", into: d)
        text(c.subtitle, "subtitle", into: d)
        text(c.rights, "rights", into: d)
        text(c.info, "info", into: d)
        if let link {
            d["link"] = .string(LinkText.droppingNameSemicolons(link))
        } else if let alternate = Self.alternate(c.links) {
            d["link"] = .string(alternate)
        }
        if !c.links.isEmpty { d["links"] = .list(FPList(c.links.map { .dict(Self.link($0)) })) }
        if let id = c.id {
            // feedparser takes an id for a permalink, made absolute, unless a link came first.
            let guidislink = c.idIsLink
            d["id"] = .string(guidislink ? c.permalink ?? id : id)
            d["guidislink"] = .bool(guidislink)
            if guidislink, d["link"] == nil, let permalink = c.permalink { d["link"] = .string(permalink) }
        }
        people(c.authors, "author", into: d)
        if !c.contributors.isEmpty { d["contributors"] = .list(FPList(c.contributors.map { .dict(Self.person($0, parse: false)) })) }
        if let p = c.publisher { publisher(p, into: d) }
        if let g = c.generator {
            let detail = FPDict()
            if let v = g.href { detail["href"] = .string(v) }
            if let v = g.version { detail["version"] = .string(v) }
            detail["name"] = g.name.map { .string($0) } ?? .null
            d["generator_detail"] = .dict(detail)
            if let name = g.name { d["generator"] = .string(name) }
        }
        tags(c.categories, into: d)
        date(c.published, "published", into: d)
        date(c.updated, "updated", into: d)
        date(c.created, "created", into: d)
        if let v = c.icon { d["icon"] = .string(v) }
        if let v = c.logo { d["logo"] = .string(v) }
    }

    // MARK: - Entries

    func entry(_ item: FeedItem) -> FPDict {
        let e = FPDict()
        let d = item.detail ?? FeedItemDetail()
        let guidislink = item.guid != nil && !isJSON && d.guidIsLink
        if let guid = item.guid { e["id"] = .string(guidislink ? d.permalink ?? guid : guid) }
        if item.guid != nil, !isJSON { e["guidislink"] = .bool(guidislink) }
        if let link = item.link { e["link"] = .string(link) }
        if !d.links.isEmpty { e["links"] = .list(FPList(d.links.map { .dict(Self.link($0)) })) }
        text(d.title, "title", into: e)
        if let summary = d.summary {
            text(summary, "summary", into: e)
        }
        if !d.contents.isEmpty {
            let list = FPList()
            for content in d.contents {
                let (value, detail) = shaped(content)
                if let source = content.source { detail["src"] = .string(source) }
                list.items.append(.dict(detail))
                // feedparser: text content stands in for a missing summary.
                if !e.has("summary"), ["text/plain", "text/html", "application/xhtml+xml"].contains(content.type) || isJSON {
                    e["summary"] = .string(value)
                }
            }
            e["content"] = .list(list)
        }
        people(d.authors, "author", into: e)
        if !d.contributors.isEmpty { e["contributors"] = .list(FPList(d.contributors.map { .dict(Self.person($0, parse: false)) })) }
        if let p = d.publisher { publisher(p, into: e) }
        tags(d.categories, into: e)
        date(d.published, "published", into: e)
        date(d.updated, "updated", into: e)
        date(d.created, "created", into: e)
        date(d.expired, "expired", into: e)
        if let v = d.comments { e["comments"] = .string(v) }
        if let v = d.language { e["language"] = .string(v) }
        text(d.rights, "rights", into: e)
        text(d.subtitle, "subtitle", into: e)
        if let image = d.image { e["image"] = .dict(self.image(image)) }
        if let source = d.source {
            let s = FPDict()
            if let url = source.url { s["href"] = .string(url) }
            if source.url != nil, let title = source.title {
                s["title"] = .string(title.value)
            } else {
                metadata(source, into: s, link: nil)
            }
            e["source"] = .dict(s)
        }
        for x in d.extensions { flatten(x, into: e, top: true) }
        return e
    }

    // MARK: - Values

    /// A text construct as feedparser's `pop` leaves it: the value (HTML re-serialised and
    /// sanitised, double-encoded text repaired) and its `*_detail`.
    func shaped(_ t: FeedText) -> (String, FPDict) {
        var value = t.value
        var type = t.type
        if isJSON {
            let detail = FPDict([("type", .string(type)), ("value", .string(value))])
            return (value, detail)
        }
        if !isAtom, type == "text/plain", FeedparserHTML.looksLikeHTML(value) { type = "text/html" }
        if Self.htmlTypes.contains(type) {
            value = FeedparserHTML.process(value, base: t.base ?? "", type: type, sanitize: false)
            value = FeedparserHTML.process(value, base: t.base ?? "", type: type, sanitize: true)
        }
        value = Self.redecodeLatin1(value)
        value = Self.translateCP1252(value)
        let detail = FPDict([
            ("type", .string(type)),
            ("language", t.language.map { .string($0.replacingOccurrences(of: "_", with: "-")) } ?? .null),
            ("base", .string(t.base ?? "")),
            ("value", .string(value)),
        ])
        return (value, detail)
    }

    /// `key` and `key_detail` for a text construct.
    func text(_ t: FeedText?, _ key: String, into d: FPDict) {
        guard let t else { return }
        let (value, detail) = shaped(t)
        d[key] = .string(value)
        if !isJSON { d[key + "_detail"] = .dict(detail) }
    }

    func date(_ stamp: FeedTimestamp?, _ key: String, into d: FPDict) {
        guard let stamp else { return }
        d[key] = .string(stamp.text)
        d[key + "_parsed"] = Self.parsed(stamp)
    }

    static func parsed(_ stamp: FeedTimestamp) -> FPValue {
        stamp.date.flatMap(FeedDate.tuple).map { .time($0) } ?? .null
    }

    static func alternate(_ links: [FeedLink]) -> String? {
        links.first { $0.rel == "alternate" && htmlTypes.contains($0.type ?? "text/html") && $0.href != nil }?.href
    }

    static func link(_ l: FeedLink) -> FPDict {
        let d = FPDict()
        d["rel"] = .string(l.rel)
        if let v = l.type { d["type"] = .string(v) }
        if let v = l.href { d["href"] = .string(v) }
        if let v = l.title { d["title"] = .string(v) }
        if let v = l.length { d["length"] = .string(v) }
        if let v = l.hreflang { d["hreflang"] = .string(v) }
        return d
    }

    func image(_ i: FeedImage) -> FPDict {
        let d = FPDict()
        if let v = i.title {
            d["title"] = .string(v)
            d["title_detail"] = .dict(FPDict([("type", .string("text/plain")), ("language", .null), ("base", .string("")),
                                              ("value", .string(v))]))
        }
        if let v = i.href { d["href"] = .string(v) }
        if let v = i.link {
            d["link"] = .string(v)
            d["links"] = .list(FPList([.dict(FPDict([("rel", .string("alternate")), ("type", .string("text/html")),
                                                    ("href", .string(v))]))]))
        }
        if let v = i.width { d["width"] = .int(v) }
        if let v = i.height { d["height"] = .int(v) }
        if let v = i.description { d["description"] = .string(v) }
        return d
    }

    // MARK: - People

    /// A person as feedparser's dictionary: its parts, or for a person given as one string
    /// (`parse`), the name and email split out of it.
    static func person(_ p: FeedPerson, parse: Bool) -> FPDict {
        let d = FPDict()
        if parse, p.email == nil, p.href == nil, let text = p.name, !text.isEmpty {
            let (name, email) = split(text)
            if let name { d["name"] = .string(name) }
            if let email { d["email"] = .string(email) }
            return d
        }
        if let v = p.name, !v.isEmpty { d["name"] = .string(v) }
        if let v = p.email { d["email"] = .string(v) }
        if let v = p.href { d["href"] = .string(v) }
        return d
    }

    /// `author`, `author_detail` and `authors`, as feedparser's `_sync_author_detail` leaves them.
    func people(_ persons: [FeedPerson], _ key: String, into d: FPDict) {
        guard !persons.isEmpty else { return }
        d[key + "s"] = .list(FPList(persons.map { .dict(Self.person($0, parse: true)) }))
        var detail: FPDict?
        for p in persons {
            let parts = Self.person(p, parse: true)
            let isText = p.email == nil && p.href == nil
            if isText {
                if detail == nil, !parts.keys.isEmpty { detail = parts }
            } else {
                let merged = detail ?? FPDict()
                for k in parts.keys { merged[k] = parts[k] }
                detail = merged
            }
        }
        if let detail { d[key + "_detail"] = .dict(detail) }
        if let last = persons.last {
            if last.email == nil, last.href == nil {
                if let name = last.name { d[key] = .string(name) }
            } else {
                let name = last.name.flatMap { $0.isEmpty ? nil : $0 }
                let email = last.email.flatMap { $0.isEmpty ? nil : $0 }
                if let name, let email { d[key] = .string("\(name) (\(email))") }
                else if let name { d[key] = .string(name) }
                else if let email { d[key] = .string(email) }
            }
        }
    }

    func publisher(_ p: FeedPerson, into d: FPDict) {
        let parts = Self.person(p, parse: true)
        if !parts.keys.isEmpty { d["publisher_detail"] = .dict(parts) }
        if p.email == nil, p.href == nil {
            if let name = p.name { d["publisher"] = .string(name) }
        } else {
            let name = p.name.flatMap { $0.isEmpty ? nil : $0 }
            let email = p.email.flatMap { $0.isEmpty ? nil : $0 }
            if let name, let email { d["publisher"] = .string("\(name) (\(email))") }
            else if let name { d["publisher"] = .string(name) }
            else if let email { d["publisher"] = .string(email) }
        }
    }

    static let emailRegex = try! NSRegularExpression(
        pattern: #"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"#)

    /// feedparser's split of `Name (email)` / `email (Name)` / `Name <email>`.
    static func split(_ text: String) -> (String?, String?) {
        var author = text
        var email: String?
        let ns = text as NSString
        if let m = emailRegex.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) {
            let found = ns.substring(with: m.range)
            email = found
            author = author.replacingOccurrences(of: found, with: "")
            author = author.replacingOccurrences(of: "()", with: "").replacingOccurrences(of: "<>", with: "")
                .replacingOccurrences(of: "&lt;&gt;", with: "")
            author = author.pyStrip()
            if author.first == "(" { author.removeFirst() }
            if author.last == ")" { author.removeLast() }
            author = author.pyStrip()
        }
        return (author.isEmpty ? nil : author, email)
    }

    // MARK: - Tags

    func tags(_ categories: [FeedCategory], into d: FPDict) {
        for c in categories { Self.addTag(c.term, c.scheme, c.label, into: d) }
    }

    /// feedparser's `_add_tag`: a tag with a term, scheme or label, once.
    static func addTag(_ term: String?, _ scheme: String?, _ label: String?, into d: FPDict) {
        let tags = d.setDefault("tags", .list(FPList())).list!
        if (term ?? "").isEmpty && (scheme ?? "").isEmpty && (label ?? "").isEmpty { return }
        let value = FPValue.dict(FPDict([
            ("term", term.map { .string($0) } ?? .null), ("scheme", scheme.map { .string($0) } ?? .null),
            ("label", label.map { .string($0) } ?? .null),
        ]))
        if !tags.items.contains(where: { $0.equals(value) }) { tags.items.append(value) }
    }

    // MARK: - Extension elements

    /// An attribute list as feedparser's dictionary: lower-cased names (a known namespace's
    /// prefix kept, `rdf:resource`), `rel` and `type` values lower-cased.
    static func attributes(_ list: [FeedAttribute]) -> FPDict {
        let d = FPDict()
        for a in list {
            var key = a.name.local.lowercased()
            if let uri = a.name.namespace, let p = KnownNamespaces.prefix(for: uri), !p.isEmpty { key = p.lowercased() + ":" + key }
            d[key] = .string(key == "rel" || key == "type" ? a.value.lowercased() : a.value)
        }
        return d
    }

    /// Keys whose values feedparser makes absolute (`can_be_relative_uri`).
    static let relativeURIKeys: Set<String> = [
        "comments", "docs", "href", "icon", "id", "link", "logo", "url", "wfw_comment", "wfw_commentrss",
    ]

    /// An extension element and its children flattened into `d`, as feedparser's handlers do:
    /// a child does not replace a key its container's level already has (`top` false).
    func flatten(_ e: FeedElement, into d: FPDict, top: Bool) {
        for child in e.children { flatten(child, into: d, top: false) }
        let key = KnownNamespaces.key(e.name)
        var text = Self.translateCP1252(Self.redecodeLatin1(e.text.pyStrip()))
        if Self.relativeURIKeys.contains(key), !text.isEmpty, let base = e.base { text = FeedparserURI.urljoin(base, text) }
        switch key {
        case "itunes_block":
            d[key] = .int(e.text == "yes" || e.text == "Yes" ? 1 : 0)
        case "itunes_explicit":
            // feedparser 6.0.14 maps only "yes" and "clean"; its suite also expects "true" →
            // True and "false"/"no" → False, as the iTunes spec has them.
            d[key] = ["yes", "true", "explicit"].contains(e.text) ? .bool(true)
                : ["clean", "no", "false"].contains(e.text) ? .bool(false) : .null
        case "itunes_image", "itunes_link", "media_group", "media_description", "itunes_category":
            break
        case "media_content":
            d.setDefault(key, .list(FPList())).list!.items.append(.dict(Self.attributes(e.attributes)))
        case "media_thumbnail":
            let attrs = Self.attributes(e.attributes)
            if !attrs.has("url"), !text.isEmpty { attrs["url"] = .string(text) }
            d.setDefault(key, .list(FPList())).list!.items.append(.dict(attrs))
        case "media_credit":
            let attrs = Self.attributes(e.attributes)
            if !text.isEmpty { attrs["content"] = .string(text) }
            d.setDefault(key, .list(FPList())).list!.items.append(.dict(attrs))
        case "media_rating", "media_license", "media_player":
            let attrs = Self.attributes(e.attributes)
            if !text.isEmpty || key == "media_player" { attrs["content"] = .string(text) }
            if d.has(key), key != "media_player" { break }
            d[key] = .dict(attrs)
        case "media_restriction":
            let attrs = Self.attributes(e.attributes)
            if !text.isEmpty {
                attrs["content"] = .list(FPList(text.split(separator: " ", omittingEmptySubsequences: false)
                    .map { .string(String($0).pyStrip().lowercased()) }))
            }
            if !d.has(key) { d[key] = .dict(attrs) }
        case "media_category":
            let a = Self.attributes(e.attributes)
            Self.addTag(text.isEmpty ? a.string("term") : text, a.string("scheme") ?? "http://search.yahoo.com/mrss/category_schema",
                        a.string("label"), into: d)
        case "media_keywords":
            for term in text.split(separator: ",") where !String(term).pyStrip().isEmpty {
                Self.addTag(String(term).pyStrip(), nil, nil, into: d)
            }
        case "media_title":
            if !d.has("title"), !text.isEmpty { d["title"] = .string(text) }
        default:
            if !top, d.has(key) { break }
            if !e.attributes.isEmpty {
                d[key] = .dict(Self.attributes(e.attributes))
            } else {
                d[key] = .string(text)
            }
        }
    }

    // MARK: - Text repairs

    /// feedparser's `output.encode('iso-8859-1').decode('utf-8')` repair of double-encoded
    /// text. Byline reads C1 references as windows-1252 before this runs (`&#128;` is already
    /// `€`), so those characters count as their windows-1252 bytes here.
    static func redecodeLatin1(_ s: String) -> String {
        var bytes: [UInt8] = []
        var high = false
        for u in s.unicodeScalars {
            if u.value < 256 {
                if u.value >= 0x80 { high = true }
                bytes.append(UInt8(u.value))
            } else if let c1 = HTMLEntities.windows1252C1.firstIndex(of: u.value) {
                high = true
                bytes.append(UInt8(0x80 + c1))
            } else {
                return s
            }
        }
        guard high, let decoded = String(validating: bytes, as: UTF8.self) else { return s }
        return decoded
    }

    /// C1 code points read as windows-1252, as feedparser does after decoding.
    static func translateCP1252(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value >= 0x80 && $0.value <= 0x9F }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u.value >= 0x80 && u.value <= 0x9F, case let m = HTMLEntities.windows1252C1[Int(u.value - 0x80)], m != 0,
               let r = Unicode.Scalar(m) {
                out.append(r)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }
}
