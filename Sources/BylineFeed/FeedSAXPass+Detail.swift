internal import CLibXML2
import Foundation

/// The detail reading of the SAX2 pass (``FeedParser/Options/detail``): what the document says
/// beyond ``Feed``'s fields, into ``FeedDetail`` and ``FeedItemDetail``.
///
/// It rides on the same events and the same captures as the plain reading: an element the
/// plain reading captures (a title, a summary, a date) also fills its detail (the text as
/// written, its type, language and base) from the same bytes, so the two never disagree about
/// which element was read. Elements the plain reading skips (persons' emails, every link,
/// images, extensions) get captures of their own, begun only in this mode. Elements are
/// dispatched on their namespace URI's customary prefix and lower-cased local name
/// (``KnownNamespaces/key(_:)``); an element of a channel, item or source that has no field is
/// kept whole as a ``FeedElement``.
extension FeedSAXPass {
    /// Where a detail value goes.
    enum Owner {
        case channel, source, item
    }

    /// The role of a text construct.
    enum TextRole {
        case title, subtitle, rights, info, summary, content
    }

    /// The kinds of dates (feedparser's keys): `published` (`pubDate`, `issued`,
    /// `dcterms:issued`), `updated` (`lastBuildDate`, `modified`, `dc:date`,
    /// `dcterms:modified`), `created` (`dcterms:created`), `expired` (`expirationDate`).
    /// (Payloads of ``Target`` stay trivial values, so a capture is copied without reference
    /// counting.)
    enum DateKind {
        case published, updated, created, expired
    }

    /// The role of a person.
    enum PersonRole {
        case author, contributor, publisher
    }

    /// Fields only the detail reading captures (``Target/detail(_:)``).
    enum DetailField: Equatable {
        /// A text construct of `owner`.
        case text(Owner, TextRole)
        /// A date of `owner` of a kind.
        case date(Owner, DateKind)
        /// `dcterms:valid`: `start=...; end=...`.
        case validity
        case id(Owner)
        /// An RSS `link` given as text, of a source or the channel.
        case link(Owner)
        /// A person given as one string (RSS `author`, `managingEditor`, `webMaster`).
        case personText(Owner, PersonRole)
        /// Parts of the person being read.
        case personName, personEmail, personHref
        /// A category given as text, and comma-separated keywords with their scheme.
        case category(Owner)
        case keywords(Owner, itunes: Bool)
        case generator(Owner)
        case comments, language, rssSource, license(Owner)
        case icon(Owner), logo(Owner)
        case docs, ttl, newLocation
        case imageTitle, imageLink, imageHref, imageWidth, imageHeight, imageDescription
        case textInputTitle, textInputDescription, textInputName, textInputLink
    }

    /// The text construct being read: what its element declared.
    struct Construct {
        var type: String
        var language: String?
        var base: String?
        var source: String?
        var base64 = false
        /// Atom 1.0 XHTML: the wrapping `div` is not part of the content.
        var atom10XHTML = false
        /// Child elements met (their markup is in ``DetailState/markup``).
        var children = false
        /// The element's key (``KnownNamespaces/key(_:)``).
        var key = ""
    }

    /// libxml2's interned pointers of an element's local name, prefix and namespace URI.
    struct DetailNameKey: Hashable {
        let local: UnsafeRawPointer
        let prefix: UnsafeRawPointer?
        let namespace: UnsafeRawPointer?
    }

    /// The person being read (Atom `author`, `contributor`, iTunes `owner`).
    struct PersonDraft {
        var depth: Int
        var role: PersonRole
        var owner: Owner
        var person = FeedPerson()
    }

    /// Everything the detail reading keeps while the pass runs.
    struct DetailState {
        var feed: FeedDetail
        var item = FeedItemDetail()
        /// The constructs the plain reading may choose between for an item's title and summary.
        var itemTitle: FeedText?, itemDCTitle: FeedText?, itemMediaTitle: FeedText?
        var itemSummary: FeedText?, itemDCDescription: FeedText?, itemMediaDescription: FeedText?
        var itemOtherSummary: FeedText?
        /// `xml:lang` in effect, innermost last, with the depth of its element.
        var languages: [(depth: Int, value: String?)] = []
        let baseLanguage: String?
        var construct: Construct?
        /// The markup of a construct's child elements, and its text escaped, in document order.
        var markup: [UInt8] = []
        /// Extension elements being read, innermost last, and whose they are.
        var generic: [(depth: Int, element: FeedElement)] = []
        var genericOwner: Owner = .channel
        var person: PersonDraft?
        var imageDepth: Int?
        var imageOwner: Owner = .channel
        var image = FeedImage()
        var textInputDepth: Int?
        var textInput = FeedTextInput()
        var sourceDepth: Int?
        var source = FeedMetadata()
        /// The key (``KnownNamespaces/key(_:)``) of the element being started.
        var currentKey = ""
        /// Names and keys by libxml2's interned name pointers (``FeedSAXPass/nameAndKey(_:_:_:)``).
        var names: [DetailNameKey: (FeedName, String)] = [:]
        /// An element whose content is not read (an `image` inside an item), by depth.
        var ignoredDepth: Int?
        /// A link given as text: its attributes, until its text arrives.
        var pendingLink: FeedLink?

        init(encoding: String, language: String?) {
            feed = FeedDetail(encoding: encoding)
            baseLanguage = language
        }
    }

    // MARK: - Names and attributes

    /// The name of an element or attribute from libxml2's NUL-terminated strings.
    static func feedName(_ local: UnsafePointer<UInt8>, _ prefix: UnsafePointer<UInt8>?, _ uri: UnsafePointer<UInt8>?) -> FeedName {
        FeedName(namespace: uri.map { String(cString: $0) }, prefix: prefix.map { String(cString: $0) },
                 local: String(cString: local))
    }

    /// Every attribute of the current element (namespace declarations are not attributes in SAX2).
    func attributeList() -> [FeedAttribute] {
        guard let attributes else { return [] }
        var list: [FeedAttribute] = []
        list.reserveCapacity(attributeCount)
        for i in 0..<attributeCount {
            let a = attributes + i * 5
            guard let local = a[0] else { continue }
            let name = Self.feedName(local, a[1], a[2])
            list.append(FeedAttribute(name: name, value: decodedValue(a[3], a[4])))
        }
        return list
    }

    /// An attribute value from SAX2's start and end pointers, with libxml2's `&#38;` undone.
    func decodedValue(_ start: UnsafePointer<xmlChar>?, _ end: UnsafePointer<xmlChar>?) -> String {
        guard let start, let end else { return "" }
        let bytes = UnsafeBufferPointer(start: start, count: end - start)
        guard bytes.contains(0x26) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: Self.undoAmpersandReferences(bytes), as: UTF8.self)
    }

    /// The attribute called `wanted` (lower-cased `local`, or `prefix:local` with a known
    /// namespace's customary prefix), compared without case; `rel` and `type` values are
    /// lower-cased. Nil when absent.
    func detailAttribute(_ wanted: String) -> String? {
        guard let attributes else { return nil }
        let wantedLocal = wanted.split(separator: ":").last.map { Array($0.utf8) } ?? []
        for i in 0..<attributeCount {
            let a = attributes + i * 5
            guard let localPointer = a[0] else { continue }
            // Most attributes are not the one wanted: their local names differ (no String made).
            guard Self.equalsIgnoringCase(localPointer, wantedLocal) else { continue }
            let local = String(cString: localPointer).lowercased()
            var key = local
            if let uri = a[2], let known = KnownNamespaces.prefix(for: String(cString: uri)), !known.isEmpty {
                key = known.lowercased() + ":" + local
            }
            var matches = key == wanted
            if !matches, let prefix = a[1] { matches = String(cString: prefix).lowercased() + ":" + local == wanted }
            if !matches, a[2] != nil, !wanted.contains(":"), key.contains(":") == false { matches = local == wanted }
            guard matches else { continue }
            let value = decodedValue(a[3], a[4])
            return wanted == "rel" || wanted == "type" ? value.lowercased() : value
        }
        return nil
    }

    /// Whether the NUL-terminated `c` equals the lower-case ASCII `bytes`, ASCII case ignored.
    static func equalsIgnoringCase(_ c: UnsafePointer<UInt8>, _ bytes: [UInt8]) -> Bool {
        for (i, b) in bytes.enumerated() {
            let x = c[i]
            if (x >= 0x41 && x <= 0x5A ? x | 0x20 : x) != b { return false }
        }
        return c[bytes.count] == 0
    }

    /// An element's name and key (``KnownNamespaces/key(_:)``), cached by libxml2's interned
    /// name pointers for the parse.
    mutating func nameAndKey(_ local: UnsafePointer<UInt8>, _ prefix: UnsafePointer<UInt8>?,
                             _ uri: UnsafePointer<UInt8>?) -> (FeedName, String) {
        let cacheKey = DetailNameKey(local: UnsafeRawPointer(local), prefix: prefix.map { UnsafeRawPointer($0) },
                                     namespace: uri.map { UnsafeRawPointer($0) })
        if let hit = detail!.names[cacheKey] { return hit }
        let name = Self.feedName(local, prefix, uri)
        let entry = (name, KnownNamespaces.key(name))
        detail!.names[cacheKey] = entry
        return entry
    }

    /// The `xml:lang` in effect.
    var detailLanguage: String? {
        guard let detail else { return nil }
        return detail.languages.last.map { $0.value } ?? detail.baseLanguage
    }

    // MARK: - Events

    /// Namespace declarations and `xml:lang` of an element starting at `depth`.
    mutating func detailOpen(depth: Int, namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int) {
        if let namespaces, count > 0 {
            for i in 0..<count {
                guard let uri = namespaces[2 * i + 1] else { continue }
                let prefix = namespaces[2 * i].map { String(cString: $0) }
                detail!.feed.namespaces.append(FeedNamespace(prefix: prefix, uri: String(cString: uri)))
            }
        }
        if attributeCount > 0, let lang = attributeValue("lang", namespace: Self.xmlNamespace) {
            detail!.languages.append((depth, lang.isEmpty ? nil : lang))
        }
    }

    /// Pops what an element ending at `depth` pushed.
    mutating func detailClose(depth: Int) {
        if let last = detail!.languages.last, last.depth == depth { detail!.languages.removeLast() }
    }

    /// A capture begins (of the plain reading or of this one): for a text construct, its type,
    /// language and base; for a category, the category its attributes give.
    mutating func detailBegin(_ target: Target, field: DetailField?) {
        detail!.markup.removeAll(keepingCapacity: true)
        let key = detail!.currentKey
        var isLink = target == .link || target == .channelLink
        if case .link = field { isLink = true }
        switch target {
        case .category:
            addCategoryFromAttributes(owner: .item)
        case _ where isLink:
            var link = FeedLink(href: nil, rel: detailAttribute("rel") ?? "alternate")
            link.type = detailAttribute("type") ?? (link.rel == "self" ? "application/atom+xml" : "text/html")
            link.title = detailAttribute("title")
            link.length = detailAttribute("length")
            link.hreflang = detailAttribute("hreflang")
            detail!.pendingLink = link
        default:
            break
        }
        let defaultType: String
        switch key {
        case "description", "dc_description", "media_description", "content_encoded", "fullitem": defaultType = "text/html"
        case "body", "xhtml_body": defaultType = "application/xhtml+xml"
        default: defaultType = "text/plain"
        }
        var construct = Construct(type: detailAttribute("type").map(Self.mediaType) ?? defaultType,
                                  language: detailLanguage, base: baseURI())
        construct.key = key
        if key == "content", let src = detailAttribute("src") { construct.source = resolved(src) }
        construct.atom10XHTML = format == .atom10 && construct.type == "application/xhtml+xml"
        let t = construct.type
        construct.base64 = detailAttribute("mode")?.lowercased() == "base64"
            || !(t.hasPrefix("text/") || t.hasSuffix("+xml") || t.hasSuffix("/xml"))
        detail!.construct = construct
    }

    /// A category from the current element's `term`, `scheme` (or `domain`) and `label`, when
    /// any is given (its text, if any, is delivered later).
    mutating func addCategoryFromAttributes(owner: Owner, scheme defaultScheme: String? = nil) {
        let term = detailAttribute("term"), label = detailAttribute("label")
        let scheme = detailAttribute("scheme") ?? detailAttribute("domain") ?? defaultScheme
        guard !(term ?? "").isEmpty || !(scheme ?? "").isEmpty || !(label ?? "").isEmpty else { return }
        addCategory(FeedCategory(term: term, scheme: scheme, label: label), owner: owner)
    }

    /// feedparser's `map_content_type`: Atom's short names to media types, lower-cased.
    static func mediaType(_ declared: String) -> String {
        switch declared.lowercased() {
        case "text", "plain": return "text/plain"
        case "html": return "text/html"
        case "xhtml": return "application/xhtml+xml"
        default: return declared.lowercased()
        }
    }

    /// A child element inside a capture: its start tag written into the markup.
    mutating func detailChildStart(_ local: UnsafePointer<UInt8>, _ uri: UnsafePointer<UInt8>?) {
        guard detail!.construct != nil else { return }
        let name = String(cString: local)
        // A `div` inside text or HTML is dropped, tags and all (TypePad writes one; feedparser).
        if !detail!.construct!.type.hasSuffix("xml"), name == "div" { return }
        if !detail!.construct!.children, !detail!.construct!.type.hasSuffix("xml") {
            // Markup inside a construct declared as text or HTML: it is XHTML after all
            // (feedparser; a `div` wrapper that TypePad writes is dropped).
            detail!.construct!.type = "application/xhtml+xml"
        }
        detail!.construct!.children = true
        var tag = "<" + name
        let namespace = uri.map { String(cString: $0) }
        if name == "math", namespace == "http://www.w3.org/1998/Math/MathML" { tag += " xmlns=\"\(namespace!)\"" }
        if name == "svg", namespace == "http://www.w3.org/2000/svg" { tag += " xmlns=\"\(namespace!)\"" }
        for attribute in attributeList() {
            var key = attribute.name.local
            if let prefix = attribute.name.prefix { key = prefix + ":" + key }
            tag += " " + key + "=\"" + Self.escapeMarkup(attribute.value, quotes: true) + "\""
        }
        tag += ">"
        detail!.markup.append(contentsOf: tag.utf8)
    }

    /// A child element inside a capture ends: its end tag.
    mutating func detailChildEnd(_ local: UnsafePointer<UInt8>) {
        guard let construct = detail!.construct else { return }
        if !construct.type.hasSuffix("xml"), strcmp(local, "div") == 0 { return }
        detail!.markup.append(contentsOf: "</".utf8)
        detail!.markup.append(contentsOf: UnsafeBufferPointer(start: local, count: strlen(local)))
        detail!.markup.append(0x3E)
    }

    /// Text: escaped into the markup of a capture, or into the innermost extension element.
    mutating func detailCharacters(_ text: UnsafePointer<UInt8>, _ length: Int, depth: Int) {
        let bytes = UnsafeBufferPointer(start: text, count: length)
        if capture != nil {
            Self.appendEscaped(bytes, to: &detail!.markup)
        }
        if let last = detail!.generic.last, last.depth == depth - 1 {
            detail!.generic[detail!.generic.count - 1].element.text += String(decoding: bytes, as: UTF8.self)
        }
    }

    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        for b in bytes {
            switch b {
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])
            default: out.append(b)
            }
        }
    }

    static func escapeMarkup(_ text: String, quotes: Bool) -> String {
        guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || (quotes && $0 == "\"") }) else { return text }
        var out = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        if quotes { out = out.replacingOccurrences(of: "\"", with: "&quot;") }
        return out
    }

    /// The value of the construct just captured: XHTML markup when it had child elements (the
    /// Atom 1.0 wrapper `div` removed), base64 decoded when so declared, else the text; trimmed.
    mutating func constructValue(_ raw: String) -> FeedText? {
        guard let construct = detail!.construct else { return nil }
        var value = raw
        if construct.children {
            value = String(decoding: detail!.markup, as: UTF8.self)
            if construct.atom10XHTML { value = Self.unwrappingDiv(value.trimmingCharacters(in: .whitespacesAndNewlines)) }
        } else if construct.base64 {
            let cleaned = raw.filter { !$0.isWhitespace }
            if let data = Data(base64Encoded: cleaned), let text = String(data: data, encoding: .utf8) { value = text }
        }
        return FeedText(value: value.trimmingCharacters(in: .whitespacesAndNewlines), type: construct.type,
                        language: construct.language, base: construct.base, source: construct.source)
    }

    /// `<div ...>X</div>` → `X` when the div wraps everything.
    static func unwrappingDiv(_ markup: String) -> String {
        guard markup.hasPrefix("<div"), markup.hasSuffix("</div>"),
              let open = markup.firstIndex(of: ">") else { return markup }
        let inner = markup[markup.index(after: open)..<markup.index(markup.endIndex, offsetBy: -6)]
        // The wrapper must close only at the end: count div depth through the inner markup.
        var depth = 0
        var rest = Substring(inner)
        while let lt = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: lt)...]
            if after.hasPrefix("/div") { depth -= 1; if depth < 0 { return markup } }
            else if after.hasPrefix("div") { depth += 1 }
            rest = after
        }
        return String(inner)
    }

    // MARK: - Starting elements

    /// An element that no capture took: dispatched by its level (channel, item, source, person,
    /// image, text input) and key; what has no field becomes an extension element.
    mutating func detailStart(_ local: UnsafePointer<UInt8>, _ prefix: UnsafePointer<UInt8>?, _ uri: UnsafePointer<UInt8>?,
                              depth: Int, claimed: Bool) {
        // Inside an extension element: a child of it.
        if let last = detail!.generic.last, depth == last.depth + 1 {
            var element = FeedElement(name: nameAndKey(local, prefix, uri).0, attributes: attributeList())
            element.base = baseURI()
            detail!.generic.append((depth, element))
            return
        }
        if let ignored = detail!.ignoredDepth {
            if depth > ignored { return }
            detail!.ignoredDepth = nil
        }
        guard !claimed else { return }
        let (name, key) = nameAndKey(local, prefix, uri)
        if let p = detail!.person, depth == p.depth + 1 {
            switch key {
            case "name", "itunes_name": beginDetail(.personName, depth, .text)
            case "email", "itunes_email": beginDetail(.personEmail, depth, .text)
            case "uri", "url", "homepage": beginDetail(.personHref, depth, .text)
            default: break
            }
            return
        }
        if let i = detail!.imageDepth, depth == i + 1 {
            switch key {
            case "title": beginDetail(.imageTitle, depth, .text)
            case "link": beginDetail(.imageLink, depth, .text)
            case "url", "href": beginDetail(.imageHref, depth, .text)
            case "width": beginDetail(.imageWidth, depth, .text)
            case "height": beginDetail(.imageHeight, depth, .text)
            case "description": beginDetail(.imageDescription, depth, .text)
            default: break
            }
            return
        }
        if let t = detail!.textInputDepth, depth == t + 1 {
            switch key {
            case "title": beginDetail(.textInputTitle, depth, .text)
            case "description": beginDetail(.textInputDescription, depth, .text)
            case "name": beginDetail(.textInputName, depth, .text)
            case "link": beginDetail(.textInputLink, depth, .text)
            default: break
            }
            return
        }
        if !inItem, key == "newlocation" {
            beginDetail(.newLocation, depth, .raw)
            return
        }
        let owner: Owner
        if let s = detail!.sourceDepth {
            guard depth == s + 1 else { return }
            owner = .source
        } else if inItem {
            guard depth == itemDepth + 1 else { return }
            owner = .item
        } else {
            let atChannel = isAtomFeed ? depth == 1 : channelDepth.map { depth == $0 + 1 } ?? false
            // RSS 1.0 puts its image and text input beside the channel.
            let rdfSibling = format == .rss10 && depth == 1 && (key == "image" || key == "textinput")
            guard atChannel || rdfSibling else { return }
            owner = .channel
        }
        metadataStart(key, name: name, depth: depth, owner: owner)
    }

    /// A child of a channel, item or source that no plain capture took.
    mutating func metadataStart(_ key: String, name: FeedName, depth: Int, owner: Owner) {
        switch key {
        case "title", "dc_title":
            if owner != .item { beginDetail(.text(owner, .title), depth, .html) }
        case "media_title":
            if owner == .item { beginDetail(.text(owner, .title), depth, .html) }
        case "subtitle", "tagline", "itunes_subtitle":
            beginDetail(.text(owner, .subtitle), depth, .html)
        case "description":
            if owner == .source { beginDetail(.text(owner, .subtitle), depth, .html) }
            else if owner == .channel { beginDetail(.text(owner, .subtitle), depth, .html) }
        case "rights", "copyright", "dc_rights":
            beginDetail(.text(owner, .rights), depth, .html)
        case "info", "feedburner_browserfriendly":
            if owner != .item { beginDetail(.text(owner, .info), depth, .html) }
        case "summary", "itunes_summary", "abstract", "dc_description", "media_description":
            if owner == .item { beginDetail(.text(owner, .summary), depth, .html) }
            else { beginDetail(.text(owner, .subtitle), depth, .html) }
        case "content", "body", "xhtml_body", "fullitem", "content_encoded":
            if owner == .item { beginDetail(.text(owner, .content), depth, .html) }
        case "id", "guid":
            if owner != .item { beginDetail(.id(owner), depth, .raw) }
        case "link":
            if let href = detailAttribute("href") ?? detailAttribute("url") ?? detailAttribute("uri") {
                addLink(href: href, owner: owner)
            } else {
                beginDetail(.link(owner), depth, .raw)
            }
        case "enclosure":
            if owner == .item {
                var link = FeedLink(href: detailAttribute("url") ?? detailAttribute("href") ?? detailAttribute("uri"), rel: "enclosure")
                link.type = detailAttribute("type")
                link.length = detailAttribute("length")
                detail!.item.links.append(link)
            }
        case "author", "contributor":
            let role: PersonRole = key == "author" ? .author : .contributor
            if Self.isAtom(name.namespace) {
                startPerson(role, owner: owner, depth: depth)
            } else {
                beginDetail(.personText(owner, role), depth, .raw)
            }
        case "managingeditor", "dc_author", "dc_creator", "itunes_author":
            beginDetail(.personText(owner, .author), depth, .raw)
        case "dc_contributor":
            beginDetail(.personText(owner, .contributor), depth, .raw)
        case "webmaster", "dc_publisher":
            beginDetail(.personText(owner, .publisher), depth, .raw)
        case "itunes_owner":
            detail!.person = PersonDraft(depth: depth, role: .publisher, owner: owner)
        case "generator" where owner != .item:
            var generator = FeedGenerator()
            generator.href = (detailAttribute("uri") ?? detailAttribute("url") ?? detailAttribute("href")).map(resolved)
            generator.version = detailAttribute("version")
            setMetadata(owner) { $0.generator = generator }
            beginDetail(.generator(owner), depth, .raw)
        case "admin_generatoragent" where owner != .item:
            let href = detailAttribute("rdf:resource")
            setMetadata(owner) { $0.generator = FeedGenerator(name: href, href: href) }
        case "admin_errorreportsto" where owner != .item:
            let resource = detailAttribute("rdf:resource")
            setMetadata(owner) { $0.errorReportsTo = resource }
        case "category", "keywords", "dc_subject":
            addCategoryFromAttributes(owner: owner)
            beginDetail(.category(owner), depth, .raw)
        case "media_category":
            addCategoryFromAttributes(owner: owner, scheme: "http://search.yahoo.com/mrss/category_schema")
            beginDetail(.category(owner), depth, .raw)
        case "itunes_category":
            addCategory(FeedCategory(term: detailAttribute("text"), scheme: "http://www.itunes.com/"), owner: owner)
            // Nested iTunes categories are categories too.
            detail!.generic.append((depth, FeedElement(name: name, attributes: attributeList())))
            detail!.genericOwner = owner
        case "itunes_keywords":
            beginDetail(.keywords(owner, itunes: true), depth, .raw)
        case "media_keywords", "tags":
            beginDetail(.keywords(owner, itunes: false), depth, .raw)
        case "published", "issued", "pubdate", "dcterms_issued":
            beginDetail(.date(owner, .published), depth, .raw)
        case "updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified":
            beginDetail(.date(owner, .updated), depth, .raw)
        case "created", "dcterms_created":
            beginDetail(.date(owner, .created), depth, .raw)
        case "expirationdate":
            beginDetail(.date(owner, .expired), depth, .raw)
        case "dcterms_valid":
            if owner == .channel { beginDetail(.validity, depth, .raw) }
        case "language", "dc_language":
            if owner == .item { beginDetail(.language, depth, .raw) }
        case "comments":
            if owner == .item { beginDetail(.comments, depth, .raw) } else { startGeneric(name, depth: depth, owner: owner) }
        case "source":
            if owner == .item {
                if isAtomFeed || name.namespace != nil {
                    detail!.sourceDepth = depth
                    detail!.source = FeedMetadata()
                } else {
                    // RSS 2.0: the title of the channel the item came from, and its URL.
                    var source = FeedMetadata()
                    source.url = detailAttribute("url")
                    detail!.item.source = source
                    beginDetail(.rssSource, depth, .text)
                }
            }
        case "image":
            if owner == .channel {
                detail!.imageDepth = depth
                detail!.imageOwner = owner
                detail!.image = detail!.feed.channel.image ?? FeedImage()
            } else {
                // An item's image does not speak for the item (its link is not the item's).
                detail!.ignoredDepth = depth
            }
        case "itunes_image", "itunes_link":
            if let href = detailAttribute("href") ?? detailAttribute("url"), !href.isEmpty {
                setImage(FeedImage(href: href), owner: owner)
            }
            startGeneric(name, depth: depth, owner: owner)
        case "textinput":
            if owner == .channel {
                detail!.textInputDepth = depth
                detail!.textInput = detail!.feed.channel.textInput ?? FeedTextInput()
            }
        case "cloud":
            if owner == .channel { detail!.feed.channel.cloud = attributeList() }
        case "ttl":
            if owner == .channel { beginDetail(.ttl, depth, .raw) }
        case "docs":
            if owner == .channel { beginDetail(.docs, depth, .raw) }
        case "icon" where owner != .item:
            beginDetail(.icon(owner), depth, .raw)
        case "logo" where owner != .item:
            beginDetail(.logo(owner), depth, .raw)
        case "newlocation":
            if owner == .channel { beginDetail(.newLocation, depth, .raw) }
        case "cc_license":
            if let href = detailAttribute("rdf:resource"), !href.isEmpty {
                appendLink(FeedLink(href: href, rel: "license"), owner: owner)
            } else {
                appendLink(FeedLink(href: nil, rel: "license"), owner: owner)
            }
        case "creativecommons_license":
            beginDetail(.license(owner), depth, .raw)
        case "channel", "item", "entry", "feed", "rss", "rdf":
            break
        default:
            startGeneric(name, depth: depth, owner: owner)
        }
    }

    /// Begins an extension element of `owner`.
    mutating func startGeneric(_ name: FeedName, depth: Int, owner: Owner) {
        var element = FeedElement(name: name, attributes: attributeList())
        element.base = baseURI()
        detail!.generic.append((depth, element))
        detail!.genericOwner = owner
    }

    /// Whether `uri` is Atom 1.0's or 0.3's namespace.
    static func isAtom(_ uri: String?) -> Bool {
        guard let uri = uri?.lowercased() else { return false }
        return uri == "http://www.w3.org/2005/atom" || uri == "http://purl.org/atom/ns#"
    }

    mutating func startPerson(_ role: PersonRole, owner: Owner, depth: Int) {
        detail!.person = PersonDraft(depth: depth, role: role, owner: owner)
    }

    /// An Atom (or CDF) link element of `owner`: its attributes, `href` made absolute.
    mutating func addLink(href: String?, owner: Owner) {
        var link = FeedLink(href: href.map(resolved), rel: detailAttribute("rel") ?? "alternate")
        link.type = detailAttribute("type") ?? (link.rel == "self" ? "application/atom+xml" : "text/html")
        link.title = detailAttribute("title")
        link.length = detailAttribute("length")
        link.hreflang = detailAttribute("hreflang")
        appendLink(link, owner: owner)
    }

    mutating func appendLink(_ link: FeedLink, owner: Owner) {
        switch owner {
        case .item: detail!.item.links.append(link)
        case .source: detail!.source.links.append(link)
        case .channel: detail!.feed.channel.links.append(link)
        }
    }

    mutating func addCategory(_ category: FeedCategory, owner: Owner) {
        switch owner {
        case .item: detail!.item.categories.append(category)
        case .source: detail!.source.categories.append(category)
        case .channel: detail!.feed.channel.categories.append(category)
        }
    }

    mutating func setImage(_ image: FeedImage, owner: Owner) {
        switch owner {
        case .item: detail!.item.image = image
        case .source: break
        case .channel: detail!.feed.channel.image = image
        }
    }

    /// Applies `change` to the metadata of `owner` (the channel's or the source's; an item has
    /// none, and nothing changes).
    mutating func setMetadata(_ owner: Owner, _ change: (inout FeedMetadata) -> Void) {
        switch owner {
        case .source: change(&detail!.source)
        case .channel: change(&detail!.feed.channel)
        case .item: break
        }
    }

    /// `reference` made absolute against the base in effect (as written when none is known).
    func resolved(_ reference: String) -> String {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let base = baseURI() else { return trimmed }
        return URIResolver.absolute(trimmed, base: base, fallback: nil)
    }

    // MARK: - Ending elements

    /// An element ending at `depth` that no capture ended: contexts it opened are closed.
    mutating func detailEnd(depth: Int) {
        if let last = detail!.generic.last, last.depth == depth {
            let finished = detail!.generic.removeLast().element
            if detail!.generic.isEmpty, KnownNamespaces.key(finished.name) == "itunes_category" {
                // Nested iTunes categories are categories too.
                addNestedCategories(finished.children, owner: detail!.genericOwner)
                return
            }
            if !detail!.generic.isEmpty {
                detail!.generic[detail!.generic.count - 1].element.children.append(finished)
            } else {
                switch detail!.genericOwner {
                case .item: detail!.item.extensions.append(finished)
                case .source: detail!.source.extensions.append(finished)
                case .channel: detail!.feed.channel.extensions.append(finished)
                }
            }
            return
        }
        if let p = detail!.person, p.depth == depth {
            detail!.person = nil
            addPerson(p.person, role: p.role, owner: p.owner)
            return
        }
        if detail!.imageDepth == depth {
            detail!.imageDepth = nil
            detail!.feed.channel.image = detail!.image
            return
        }
        if detail!.textInputDepth == depth {
            detail!.textInputDepth = nil
            detail!.feed.channel.textInput = detail!.textInput
            return
        }
        if detail!.sourceDepth == depth {
            detail!.sourceDepth = nil
            detail!.item.source = detail!.source
            return
        }
    }

    mutating func addNestedCategories(_ children: [FeedElement], owner: Owner) {
        for child in children where KnownNamespaces.key(child.name) == "itunes_category" {
            addCategory(FeedCategory(term: child.attribute("text"), scheme: "http://www.itunes.com/"), owner: owner)
            addNestedCategories(child.children, owner: owner)
        }
    }

    /// CDF's `HREF` and `LASTMOD` of the channel or an item, as a link and an update time.
    mutating func detailCDF(href: String?, lastmod: String?, forItem: Bool) {
        let owner: Owner = forItem ? .item : .channel
        if let href { appendLink(FeedLink(href: resolved(href), rel: "alternate", type: "text/html"), owner: owner) }
        if let lastmod { deliverDetail(.date(owner, .updated), raw: lastmod.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    mutating func addPerson(_ person: FeedPerson, role: PersonRole, owner: Owner) {
        switch (owner, role) {
        case (.item, .author): detail!.item.authors.append(person)
        case (.item, .contributor): detail!.item.contributors.append(person)
        case (.item, .publisher): detail!.item.publisher = person
        case (.source, .author): detail!.source.authors.append(person)
        case (.source, .contributor): detail!.source.contributors.append(person)
        case (.source, .publisher): detail!.source.publisher = person
        case (.channel, .author): detail!.feed.channel.authors.append(person)
        case (.channel, .contributor): detail!.feed.channel.contributors.append(person)
        case (.channel, .publisher): detail!.feed.channel.publisher = person
        }
    }

    // MARK: - Captured values

    /// A capture of the plain reading or of this one has ended; `raw` is its text trimmed.
    mutating func detailDeliver(_ target: Target, raw: String) {
        // The element's own text is an extension element's text too.
        switch target {
        case .channelTitle: detail!.feed.channel.title = constructValue(raw)
        case .channelSubtitle: detail!.feed.channel.subtitle = constructValue(raw)
        case .channelLink:
            deliverDetail(.link(.channel), raw: raw)
        case .channelLastBuild, .channelUpdated, .channelDCDate, .channelPubDate:
            if let key = Self.dateKey(detail!.construct?.key ?? "") { deliverDetail(.date(.channel, key), raw: raw) }
        case .channelTTL: detail!.feed.channel.ttl = raw
        case .feedAuthor, .author:
            if var p = detail!.person {
                p.person.name = raw
                detail!.person = p
            } else {
                detail!.item.authors.append(FeedPerson(name: raw))
            }
        case .title: if detail!.itemTitle == nil { detail!.itemTitle = constructValue(raw) }
        case .dcTitle: if detail!.itemDCTitle == nil { detail!.itemDCTitle = constructValue(raw) }
        case .summary: if detail!.itemSummary == nil { detail!.itemSummary = constructValue(raw) }
        case .dcDescription: if detail!.itemDCDescription == nil { detail!.itemDCDescription = constructValue(raw) }
        case .mediaDescription: if detail!.itemMediaDescription == nil { detail!.itemMediaDescription = constructValue(raw) }
        case .content: if let value = constructValue(raw) { detail!.item.contents.append(value) }
        case .link:
            deliverDetail(.link(.item), raw: raw)
        case .guid:
            if !raw.isEmpty, item.guidIsPermaLink, detail!.item.permalink == nil {
                detail!.item.permalink = resolved(raw)
                detail!.item.guidIsLink = !detail!.item.links.contains { $0.rel == "alternate" }
            }
        case .category:
            deliverDetail(.category(.item), raw: raw)
        case .published, .dcDate, .issued, .updated, .modified:
            if let key = Self.dateKey(detail!.construct?.key ?? "") { deliverDetail(.date(.item, key), raw: raw) }
        default:
            break
        }
        detail!.construct = nil
    }

    /// The key a date element is known by: `published` (`pubDate`, `issued`, `dcterms:issued`),
    /// `updated` (`lastBuildDate`, `modified`, `dc:date`, `dcterms:modified`) or `created`.
    static func dateKey(_ key: String) -> DateKind? {
        switch key {
        case "published", "issued", "pubdate", "dcterms_issued": return .published
        case "updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified": return .updated
        case "created", "dcterms_created": return .created
        default: return nil
        }
    }

    mutating func deliverDetail(_ field: DetailField, raw: String) {
        switch field {
        case .text(let owner, let role):
            guard let value = constructValue(raw) else { return }
            switch (owner, role) {
            case (.item, .title): if detail!.itemMediaTitle == nil { detail!.itemMediaTitle = value }
            case (.item, .summary): if detail!.itemOtherSummary == nil { detail!.itemOtherSummary = value }
            case (.item, .content): detail!.item.contents.append(value)
            case (.item, .rights): if detail!.item.rights == nil { detail!.item.rights = value }
            case (.item, .subtitle): if detail!.item.subtitle == nil { detail!.item.subtitle = value }
            case (.item, _): break
            case (_, .title): setMetadata(owner) { if $0.title == nil { $0.title = value } }
            case (_, .subtitle): setMetadata(owner) { if $0.subtitle == nil { $0.subtitle = value } }
            case (_, .rights): setMetadata(owner) { if $0.rights == nil { $0.rights = value } }
            case (_, .info): setMetadata(owner) { if $0.info == nil { $0.info = value } }
            case (_, .summary), (_, .content): break
            }
        case .date(let owner, let key):
            // The last date of a kind wins (feedparser; the plain reading too).
            guard !raw.isEmpty else { return }
            let stamp = FeedTimestamp(text: raw, date: DateParser.parse(raw))
            switch owner {
            case .item:
                switch key {
                case .published: detail!.item.published = stamp
                case .updated: detail!.item.updated = stamp
                case .created: detail!.item.created = stamp
                case .expired: detail!.item.expired = stamp
                }
            case .channel, .source:
                setMetadata(owner) {
                    switch key {
                    case .published: $0.published = stamp
                    case .updated: $0.updated = stamp
                    case .created: $0.created = stamp
                    case .expired: break
                    }
                }
            }
        case .validity:
            for part in raw.split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let key = pair[0].trimmingCharacters(in: .whitespaces)
                let value = String(pair[1])
                let stamp = FeedTimestamp(text: value, date: DateParser.parse(value))
                if key == "start" { detail!.feed.channel.validStart = stamp }
                if key == "end" { detail!.feed.channel.validEnd = stamp }
            }
        case .id(let owner):
            let permalink = raw.isEmpty ? nil : resolved(raw)
            setMetadata(owner) {
                if $0.id == nil {
                    $0.id = raw
                    $0.permalink = permalink
                    $0.idIsLink = !$0.links.contains { $0.rel == "alternate" }
                }
            }
        case .link(let owner):
            // A link given as text (an item's unescaped once more, as feedparser does).
            var link = detail!.pendingLink ?? FeedLink(href: nil, rel: "alternate", type: "text/html")
            detail!.pendingLink = nil
            if !raw.isEmpty { link.href = resolved(owner == .item ? LinkText.feedparserEntryLink(raw) : raw) }
            appendLink(link, owner: owner)
        case .personText(let owner, let role):
            addPerson(FeedPerson(name: raw), role: role, owner: owner)
        case .personName: detail!.person?.person.name = raw
        case .personEmail: detail!.person?.person.email = raw
        case .personHref:
            let href = raw.isEmpty ? raw : resolved(raw)
            detail!.person?.person.href = href
        case .category(let owner):
            guard !raw.isEmpty else { return }
            // The term of a category whose attributes gave none, else one more category.
            switch owner {
            case .item:
                if let last = detail!.item.categories.indices.last, detail!.item.categories[last].term?.isEmpty ?? true {
                    detail!.item.categories[last].term = raw
                } else {
                    detail!.item.categories.append(FeedCategory(term: raw))
                }
            case .channel, .source:
                setMetadata(owner) {
                    if let last = $0.categories.indices.last, $0.categories[last].term?.isEmpty ?? true {
                        $0.categories[last].term = raw
                    } else {
                        $0.categories.append(FeedCategory(term: raw))
                    }
                }
            }
        case .keywords(let owner, let itunes):
            let scheme: String? = itunes ? "http://www.itunes.com/" : nil
            for term in raw.split(separator: ",") {
                let t = term.trimmingCharacters(in: .whitespacesAndNewlines)
                if !t.isEmpty { addCategory(FeedCategory(term: t, scheme: scheme), owner: owner) }
            }
        case .generator(let owner):
            setMetadata(owner) { $0.generator?.name = raw }
        case .comments: detail!.item.comments = raw.isEmpty ? nil : resolved(raw)
        case .language: detail!.item.language = raw
        case .rssSource: detail!.item.source?.title = FeedText(value: raw, type: "text/plain")
        case .license(let owner):
            appendLink(FeedLink(href: raw.isEmpty ? nil : raw, rel: "license"), owner: owner)
        case .icon(let owner):
            let href = resolved(raw)
            setMetadata(owner) { $0.icon = href }
        case .logo(let owner):
            let href = resolved(raw)
            setMetadata(owner) { $0.logo = href }
        case .docs: detail!.feed.channel.docs = resolved(raw)
        case .ttl: detail!.feed.channel.ttl = raw
        case .newLocation: detail!.feed.channel.newLocation = raw.isEmpty ? raw : resolved(raw)
        case .imageTitle: detail!.image.title = raw
        case .imageLink: detail!.image.link = resolved(raw)
        case .imageHref: detail!.image.href = resolved(raw)
        case .imageWidth: detail!.image.width = Int(raw) ?? 0
        case .imageHeight: detail!.image.height = Int(raw) ?? 0
        case .imageDescription: detail!.image.description = raw
        case .textInputTitle: detail!.textInput.title = raw
        case .textInputDescription: detail!.textInput.description = raw
        case .textInputName: detail!.textInput.name = raw
        case .textInputLink: detail!.textInput.link = resolved(raw)
        }
    }

    /// Item links the document left relative, made absolute against the channel link as
    /// ``FeedItem/link`` is (when no base applied).
    func resolveDetailLinks(_ d: inout FeedItemDetail, fallback: String?) {
        guard let fallback else { return }
        for i in d.links.indices {
            if let href = d.links[i].href, !URIResolver.isAbsolute(href) {
                d.links[i].href = URIResolver.absolute(href, base: nil, fallback: fallback)
            }
        }
    }

    /// The item's detail when its element ends, with the title and summary the plain reading
    /// chose (`title` before `dc:title` before `media:title`; `description`/`summary` before
    /// `dc:description` before `media:description`).
    mutating func finishItemDetail(guidIsPermaLink: Bool) -> FeedItemDetail {
        var d = detail!.item
        d.title = detail!.itemTitle ?? detail!.itemDCTitle ?? detail!.itemMediaTitle
        d.summary = detail!.itemSummary ?? detail!.itemDCDescription ?? detail!.itemMediaDescription ?? detail!.itemOtherSummary
        d.guidIsPermaLink = guidIsPermaLink
        resetItemDetail()
        return d
    }

    mutating func resetItemDetail() {
        detail!.item = FeedItemDetail()
        detail!.itemTitle = nil
        detail!.itemDCTitle = nil
        detail!.itemMediaTitle = nil
        detail!.itemSummary = nil
        detail!.itemDCDescription = nil
        detail!.itemMediaDescription = nil
        detail!.itemOtherSummary = nil
    }
}
