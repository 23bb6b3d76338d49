internal import CLibXML2
import Foundation

/// Collects what libxml2 reports through the per-reader structured error handler.
final class ReaderErrors {
    /// 1-based line of the first error (level error or fatal), 0 when none named one.
    var firstLine = 0
    /// libxml2's text for the first error.
    var firstMessage: String?
    /// libxml2's `xmlParserErrors` code of the first error, 0 when none.
    var firstCode: Int32 = 0
    /// How many errors were reported.
    var count = 0

    func record(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        count += 1
        if firstMessage == nil {
            firstLine = Int(error.line)
            firstCode = error.code
            let text = error.message.map { String(cString: $0) } ?? "error \(error.code)"
            if text.hasPrefix("Excessive depth in document") {
                // libxml2's own nesting limit (256 without `HUGE`), said plainly.
                firstMessage = "elements nested deeper than 256"
            } else {
                firstMessage = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
    }
}

/// The per-reader structured error handler: hands each error to the `ReaderErrors` passed as
/// the context pointer. (Never the global handler, which other threads share.)
private func readerErrorHandler(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    Unmanaged<ReaderErrors>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
}

/// One walk of libxml2's streaming reader (`xmlReaderForMemory` + `xmlTextReaderRead`) over
/// normalised UTF-8 bytes, building a ``Feed`` as it goes.
///
/// The reader pointer lives only inside ``run(bytes:url:recover:maxDepth:)`` and is freed
/// there; nothing that points into libxml2 outlives it.
struct FeedReadPass {
    /// What one pass produced.
    struct Result {
        /// The feed, when a feed root element was seen.
        var feed: Feed?
        /// Set when the root element shows the document is not a feed.
        var notAFeed: String?
        /// Whether libxml2 stopped on an error (the reader returned -1).
        var failed = false
        /// The first error libxml2 reported, if any: its line, `xmlParserErrors` code and text.
        var errorLine = 0
        var errorCode: Int32 = 0
        /// Items handed to the sink (streaming mode), counting skipped ones.
        var handedOut = 0
        var errorMessage: String?
    }

    // MARK: Reader state

    private let reader: OpaquePointer
    private let maxDepth: Int
    private var nameCache: [NameKey: ElementName] = [:]
    private var fastNames = [(key: NameKey, name: ElementName)?](repeating: nil, count: 64)

    private struct NameKey: Hashable {
        let local: UnsafeRawPointer
        let namespace: UnsafeRawPointer?
    }

    // MARK: Feed state

    private var format: FeedFormat?
    private var notAFeed: String?
    private var isAtomFeed = false
    private var channelDepth: Int?
    private var channelTitle: String?
    private var channelLinkRaw: String?
    private var channelLinkBase: String?
    private var channelSubtitle: String?
    private var language: String?
    private var ttl: Int?
    private var lastBuildDate: Date?
    private var channelPubDate: Date?
    private var channelDCDate: Date?
    private var channelUpdated: Date?
    private var feedAuthors: [String] = []
    private var warnings: [String] = []

    private var items: [FeedItem] = []
    /// Streaming mode: where finished items go instead of ``items``.
    private var sink: ((FeedItem) -> Void)?
    /// Streaming mode: items at the start not to hand out again.
    private var skip = 0
    /// Streaming mode: items finished so far (handed out or skipped).
    private var handedOut = 0
    private var itemBases: [String?] = []
    /// The item being read (meaningful while `inItem`); kept in place so fields are written
    /// without copying the draft.
    private var item = ItemDraft()
    private var inItem = false
    /// The text of the element being captured, reused across captures.
    private var captureBuffer: [UInt8] = []
    private var itemDepth = 0
    private var authorDepth: Int?
    private var mediaGroupDepth: Int?
    private var skipDepth: Int?
    private var capture: Capture?

    /// The text of the element being read, and where it goes.
    private struct Capture {
        var target: Target
        var depth: Int
        var mode: TextMode
    }

    /// How captured text becomes a value.
    enum TextMode {
        /// Trimmed, otherwise as given (guids, links, dates, numbers).
        case raw
        /// Plain text: whitespace folded only.
        case text
        /// HTML: tags stripped, references decoded, whitespace folded.
        case html
        /// XHTML inline markup: descendant text with block elements as spaces, folded.
        case xhtml
    }

    private enum Target {
        case channelTitle, channelLink, channelSubtitle, channelLanguage, channelTTL
        case channelLastBuild, channelPubDate, channelDCDate, channelUpdated, feedAuthor
        case title, dcTitle, link, guid, summary, dcDescription, mediaDescription, content
        case author, category, published, dcDate, issued, updated, modified
    }

    /// An item while it is being read.
    private struct ItemDraft {
        var guid: String?
        var rdfAbout: String?
        var guidIsPermaLink = true
        var guidBase: String?
        var title: String?
        var dcTitle: String?
        var link: String?
        var linkBase: String?
        var atomLink: String?
        var atomLinkBase: String?
        var summary: String?
        var dcDescription: String?
        var mediaDescription: String?
        var content: String?
        var authors: [String] = []
        var categories: [String] = []
        var published: Date?
        var dcDate: Date?
        var issued: Date?
        var updated: Date?
        var modified: Date?
    }

    private init(reader: OpaquePointer, maxDepth: Int) {
        self.reader = reader
        self.maxDepth = maxDepth
    }

    // MARK: - Running

    /// Reads `bytes` (normalised UTF-8) once.
    ///
    /// - Parameters:
    ///   - bytes: the normalised document.
    ///   - url: the document URL, given to libxml2 as the base of `xml:base` resolution.
    ///   - recover: false for the streaming strict pass; true for the second try, a walk over
    ///     the tree libxml2's recovering parser builds (``RecoveryReader``).
    ///   - maxDepth: elements deeper than this stop the walk with a warning.
    ///   - skip: in streaming mode, how many items not to hand out (those an earlier pass
    ///     already handed out).
    ///   - sink: when set, each item goes to it as soon as it ends instead of into
    ///     ``Feed/items`` (streaming mode; see ``FeedParser/parse(_:url:contentType:onItem:)``).
    static func run(bytes: UnsafeBufferPointer<UInt8>, url: String?, recover: Bool, maxDepth: Int,
                    skip: Int = 0, sink: ((FeedItem) -> Void)? = nil) -> Result {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOCDATA.rawValue)
        guard bytes.count < Int(Int32.max) else {
            return Result(failed: true, errorMessage: "document larger than 2 GiB")
        }
        func read(_ reader: OpaquePointer, _ errors: ReaderErrors?) -> Result {
            var pass = FeedReadPass(reader: reader, maxDepth: maxDepth)
            pass.sink = sink
            pass.skip = skip
            let status = pass.walk()
            var result = Result()
            result.notAFeed = pass.notAFeed
            result.failed = status < 0
            result.errorLine = errors?.firstLine ?? 0
            result.errorCode = errors?.firstCode ?? 0
            result.handedOut = pass.handedOut
            result.errorMessage = errors?.firstMessage
            if pass.notAFeed == nil { result.feed = pass.finish() }
            return result
        }
        if recover {
            let result = RecoveryReader.withReader(bytes, url: url, options: options) { read($0, nil) }
            return result ?? Result(failed: true, errorMessage: "libxml2 recovered no document")
        }
        let errors = ReaderErrors()
        guard let base = bytes.baseAddress else { return Result(failed: true, errorMessage: "no bytes") }
        let raw = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
        guard let reader = xmlReaderForMemory(raw, Int32(bytes.count), url, "UTF-8", options) else {
            return Result(failed: true, errorMessage: "libxml2 could not create a reader")
        }
        defer { xmlFreeTextReader(reader) }
        return withExtendedLifetime(errors) {
            xmlTextReaderSetStructuredErrorHandler(
                reader, readerErrorHandler, Unmanaged.passUnretained(errors).toOpaque())
            return read(reader, errors)
        }
    }

    /// The read loop; returns libxml2's last status (1 stopped early, 0 end, -1 error).
    private mutating func walk() -> Int32 {
        var status: Int32 = 1
        while true {
            status = xmlTextReaderRead(reader)
            guard status == 1 else { break }
            switch xmlTextReaderNodeType(reader) {
            case 1:  // element
                let depth = Int(xmlTextReaderDepth(reader))
                if depth > maxDepth {
                    warnings.append("line \(xmlTextReaderGetParserLineNumber(reader)): elements nested deeper than \(maxDepth); the rest was skipped")
                    return 1
                }
                guard let name = elementName() else { continue }
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                start(name, depth: depth)
                if notAFeed != nil { return 1 }
                if empty { end(name, depth: depth) }
            case 15:  // end element
                guard let name = elementName() else { continue }
                end(name, depth: Int(xmlTextReaderDepth(reader)))
            case 3, 4, 13, 14:  // text, CDATA, whitespace
                if capture != nil, let value = xmlTextReaderConstValue(reader) {
                    captureBuffer.append(contentsOf: UnsafeBufferPointer(start: value, count: strlen(value)))
                }
            default:
                break
            }
        }
        return status
    }

    /// The current element's classified name, cached by libxml2's interned string pointers
    /// (the reader's dictionary gives one pointer per distinct name for the reader's life) in
    /// a small direct-mapped table, with a dictionary behind it.
    private mutating func elementName() -> ElementName? {
        guard let local = xmlTextReaderConstLocalName(reader) else { return nil }
        let namespace = xmlTextReaderConstNamespaceUri(reader)
        let key = NameKey(local: UnsafeRawPointer(local), namespace: namespace.map { UnsafeRawPointer($0) })
        let slot = Int(truncatingIfNeeded: (UInt(bitPattern: key.local) >> 3) ^ (UInt(bitPattern: key.namespace) >> 5)) & 63
        if let hit = fastNames[slot], hit.key == key { return hit.name }
        let name: ElementName
        if let cached = nameCache[key] {
            name = cached
        } else {
            name = ElementName(
                localName: String(cString: local), namespaceURI: namespace.map { String(cString: $0) })
            if nameCache.count < 4096 { nameCache[key] = name }
        }
        fastNames[slot] = (key, name)
        return name
    }

    // MARK: - libxml2 helpers

    /// An attribute of the current element by qualified name, or nil.
    private func attribute(_ name: String) -> String? {
        guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { clibxml2_free(value) }
        return String(cString: value)
    }

    /// An attribute of the current element by local name and namespace URI, or nil.
    private func attribute(_ name: String, namespace: String) -> String? {
        guard let value = xmlTextReaderGetAttributeNs(reader, name, namespace) else { return nil }
        defer { clibxml2_free(value) }
        return String(cString: value)
    }

    /// The base URI in effect for the current element (`xml:base`, else the document URL).
    private func baseURI() -> String? {
        guard let value = xmlTextReaderBaseUri(reader) else { return nil }
        defer { clibxml2_free(value) }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    // MARK: - Events

    private mutating func start(_ name: ElementName, depth: Int) {
        if skipDepth != nil { return }
        if capture != nil {
            if capture?.mode == .xhtml, HTMLText.blockTags.contains(HTMLText.pack(name.written.lowercased())) {
                captureBuffer.append(0x20)
            }
            return
        }
        if format == nil {
            root(name)
            return
        }
        if !inItem {
            if (name.local == .item && name.isRSS) || (name.local == .entry && name.isAtom) {
                item = ItemDraft()
                inItem = true
                itemDepth = depth
                if name.namespace != .none {
                    let about = attribute("about", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
                    item.rdfAbout = about
                }
                if name.namespace == .rss090 { format = .rss090 }
                return
            }
            if name.local == .channel && name.isRSS && channelDepth == nil {
                channelDepth = depth
                if name.namespace == .rss090 { format = .rss090 }
                return
            }
            let inChannel = isAtomFeed ? depth == 1 : channelDepth.map { depth == $0 + 1 } ?? false
            if inChannel {
                channelField(name, depth: depth)
            } else if let a = authorDepth, depth == a + 1, name.local == .name, name.isAtom {
                begin(.feedAuthor, depth, .text)
            }
            return
        }
        if depth == itemDepth + 1 {
            itemField(name, depth: depth)
        } else if let a = authorDepth, depth == a + 1, name.local == .name, name.isAtom {
            begin(.author, depth, .text)
        } else if let g = mediaGroupDepth, depth == g + 1, name.namespace == .media, name.local == .description {
            begin(.mediaDescription, depth, attribute("type") == "html" ? .html : .text)
        }
    }

    private mutating func end(_ name: ElementName, depth: Int) {
        if let s = skipDepth {
            if depth == s { skipDepth = nil }
            return
        }
        if let c = capture {
            if depth == c.depth {
                capture = nil
                deliver(c)
            } else if c.mode == .xhtml, HTMLText.blockTags.contains(HTMLText.pack(name.written.lowercased())) {
                captureBuffer.append(0x20)
            }
            return
        }
        if authorDepth == depth { authorDepth = nil; return }
        if mediaGroupDepth == depth { mediaGroupDepth = nil; return }
        if inItem, depth == itemDepth { finishItem(); return }
        if channelDepth == depth { channelDepth = nil }
    }

    private mutating func begin(_ target: Target, _ depth: Int, _ mode: TextMode) {
        capture = Capture(target: target, depth: depth, mode: mode)
        captureBuffer.removeAll(keepingCapacity: true)
    }

    private mutating func root(_ name: ElementName) {
        switch (name.local, name.namespace) {
        case (.rss, .none):
            switch attribute("version")?.trimmingCharacters(in: .whitespaces) {
            case "0.91": format = .rss091u
            case "0.92": format = .rss092
            case "0.93": format = .rss093
            case "0.94": format = .rss094
            default: format = .rss20
            }
        case (.RDF, .rdf):
            format = .rss10
        case (.feed, .atom03):
            format = .atom03
            isAtomFeed = true
        case (.feed, .atom10), (.feed, .none):
            format = .atom10
            isAtomFeed = true
        default:
            let qualified = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? name.written
            if name.written.lowercased() == "html" {
                notAFeed = "an HTML page (<\(qualified)>)"
            } else {
                notAFeed = "root element <\(qualified)> is not rss, rdf:RDF or feed"
            }
            return
        }
        if isAtomFeed, let lang = xmlTextReaderConstXmlLang(reader) {
            language = String(cString: lang)
        }
    }

    /// Text mode of an Atom text construct or content element from its `type` (and Atom 0.3
    /// `mode`); nil for content that is not text (base64, images).
    private func atomMode() -> TextMode? {
        if let mode = attribute("mode")?.lowercased() {
            if mode == "escaped" { return .html }
            if mode == "base64" { return nil }
        }
        guard let type = attribute("type")?.lowercased() else { return .text }
        switch type {
        case "text", "text/plain": return .text
        case "html", "text/html": return .html
        case "xhtml", "application/xhtml+xml": return .xhtml
        default:
            if type.hasPrefix("text/") { return .text }
            if type.hasSuffix("+xml") || type.hasSuffix("/xml") { return .xhtml }
            return nil
        }
    }

    private mutating func channelField(_ name: ElementName, depth: Int) {
        switch name.namespace {
        case .none, .rss10, .rss090:
            switch name.local {
            case .title: begin(.channelTitle, depth, .html)
            case .link:
                channelLinkBase = baseURI()
                begin(.channelLink, depth, .raw)
            case .description: begin(.channelSubtitle, depth, .html)
            case .language: begin(.channelLanguage, depth, .raw)
            case .lastBuildDate: begin(.channelLastBuild, depth, .raw)
            case .pubDate: begin(.channelPubDate, depth, .raw)
            case .ttl: begin(.channelTTL, depth, .raw)
            default: break
            }
        case .atom10, .atom03:
            switch name.local {
            case .title:
                if isAtomFeed, let mode = atomMode() { begin(.channelTitle, depth, mode) }
            case .subtitle, .tagline:
                if isAtomFeed, let mode = atomMode() { begin(.channelSubtitle, depth, mode) }
            case .link:
                guard isAtomFeed, channelLinkRaw == nil else { break }
                let rel = attribute("rel")
                if rel == nil || rel == "alternate", let href = attribute("href") {
                    channelLinkRaw = HTMLText.trimmed(Array(href.utf8))
                    channelLinkBase = baseURI()
                }
            case .updated, .modified:
                if isAtomFeed { begin(.channelUpdated, depth, .raw) }
            case .author:
                if isAtomFeed { authorDepth = depth }
            default: break
            }
        case .dc:
            switch name.local {
            case .language: begin(.channelLanguage, depth, .raw)
            case .date: begin(.channelDCDate, depth, .raw)
            default: break
            }
        default:
            break
        }
    }

    private mutating func itemField(_ name: ElementName, depth: Int) {
        switch name.namespace {
        case .none, .rss10, .rss090:
            switch name.local {
            case .title: begin(.title, depth, .html)
            case .link:
                let base = baseURI()
                item.linkBase = base
                begin(.link, depth, .raw)
            case .description: begin(.summary, depth, .html)
            case .guid:
                let isPermaLink = attribute("isPermaLink")?.lowercased() != "false"
                let base = baseURI()
                item.guidIsPermaLink = isPermaLink
                item.guidBase = base
                begin(.guid, depth, .raw)
            case .pubDate: begin(.published, depth, .raw)
            case .author: begin(.author, depth, .html)
            case .category: begin(.category, depth, .html)
            default: break
            }
        case .atom10, .atom03:
            switch name.local {
            case .title: if let mode = atomMode() { begin(.title, depth, mode) }
            case .link:
                let rel = attribute("rel")
                if rel == nil || rel == "alternate", item.atomLink == nil, let href = attribute("href") {
                    let base = baseURI()
                    item.atomLink = HTMLText.trimmed(Array(href.utf8))
                    item.atomLinkBase = base
                }
            case .id: begin(.guid, depth, .raw)
            case .summary: if let mode = atomMode() { begin(.summary, depth, mode) }
            case .content:
                if attribute("src") == nil, let mode = atomMode() { begin(.content, depth, mode) }
            case .published, .issued: begin(.published, depth, .raw)
            case .created: begin(.issued, depth, .raw)
            case .updated, .modified: begin(.updated, depth, .raw)
            case .author: authorDepth = depth
            case .category:
                if let term = attribute("term") ?? attribute("label") {
                    let text = HTMLText.plainText(Array(term.utf8), markup: false)
                    if !text.isEmpty { item.categories.append(text) }
                }
            case .source: skipDepth = depth
            default: break
            }
        case .dc:
            switch name.local {
            case .creator: begin(.author, depth, .html)
            case .subject: begin(.category, depth, .html)
            case .date: begin(.dcDate, depth, .raw)
            case .title: begin(.dcTitle, depth, .html)
            case .description: begin(.dcDescription, depth, .html)
            default: break
            }
        case .dcterms:
            switch name.local {
            case .modified: begin(.modified, depth, .raw)
            case .issued, .created: begin(.issued, depth, .raw)
            default: break
            }
        case .content:
            if name.local == .encoded { begin(.content, depth, .html) }
        case .media:
            switch name.local {
            case .group: mediaGroupDepth = depth
            case .description:
                begin(.mediaDescription, depth, attribute("type") == "html" ? .html : .text)
            default: break
            }
        default:
            break
        }
    }

    // MARK: - Values

    private mutating func deliver(_ c: Capture) {
        let text: String
        switch c.mode {
        case .raw: text = HTMLText.trimmed(captureBuffer)
        case .text, .xhtml: text = HTMLText.plainText(captureBuffer, markup: false)
        case .html: text = HTMLText.plainText(captureBuffer, markup: true)
        }
        let value: String? = text.isEmpty ? nil : text
        switch c.target {
        case .channelTitle: channelTitle = channelTitle ?? value
        case .channelLink: channelLinkRaw = channelLinkRaw ?? value
        case .channelSubtitle: channelSubtitle = channelSubtitle ?? value
        case .channelLanguage: language = language ?? value
        case .channelTTL:
            if let value, let minutes = Int(value), minutes >= 0 { ttl = minutes }
        case .channelLastBuild: lastBuildDate = date(value, "channel")
        case .channelPubDate: channelPubDate = date(value, "channel")
        case .channelDCDate: channelDCDate = date(value, "channel")
        case .channelUpdated: channelUpdated = date(value, "channel")
        case .feedAuthor: if let value { feedAuthors.append(value) }
        default:
            deliverItem(c.target, value)
        }
    }

    private mutating func deliverItem(_ target: Target, _ value: String?) {
        switch target {
        case .title: item.title = item.title ?? value
        case .dcTitle: item.dcTitle = item.dcTitle ?? value
        case .link: item.link = item.link ?? value
        case .guid: item.guid = item.guid ?? value
        case .summary: item.summary = item.summary ?? value
        case .dcDescription: item.dcDescription = item.dcDescription ?? value
        case .mediaDescription: item.mediaDescription = item.mediaDescription ?? value
        case .content: item.content = item.content ?? value
        case .author: if let value { item.authors.append(value) }
        case .category: if let value { item.categories.append(value) }
        case .published: item.published = item.published ?? date(value, itemLabel)
        case .dcDate: item.dcDate = item.dcDate ?? date(value, itemLabel)
        case .issued: item.issued = item.issued ?? date(value, itemLabel)
        case .updated: item.updated = item.updated ?? date(value, itemLabel)
        case .modified: item.modified = item.modified ?? date(value, itemLabel)
        default: break
        }
    }

    private var itemLabel: String { "item \(items.count + 1)" }

    /// Parses a date field; an unparseable one costs the field and adds a warning.
    private mutating func date(_ text: String?, _ owner: String) -> Date? {
        guard let text else { return nil }
        if let date = DateParser.parse(text) { return date }
        warnings.append("\(owner): unparseable date '\(text)'")
        return nil
    }

    private mutating func finishItem() {
        guard inItem else { return }
        let d = item
        item = ItemDraft()
        inItem = false
        authorDepth = nil
        mediaGroupDepth = nil
        var link = d.link
        var base = d.linkBase
        if link == nil, let atom = d.atomLink { link = atom; base = d.atomLinkBase }
        if link == nil, d.guidIsPermaLink, let guid = d.guid, Self.looksLikeWebURL(guid) {
            link = guid
            base = d.guidBase
        }
        var finished = FeedItem(
            guid: d.guid ?? d.rdfAbout,
            link: link,
            title: d.title ?? d.dcTitle,
            summary: d.summary ?? d.dcDescription ?? d.mediaDescription,
            content: d.content,
            authors: d.authors,
            categories: d.categories,
            published: d.published ?? d.dcDate ?? d.issued,
            updated: d.updated ?? d.modified)
        if let sink {
            // Streaming: resolved with what the channel has given so far (its link and Atom
            // authors come before the items in practice).
            handedOut += 1
            guard handedOut > skip else { return }
            if let link = finished.link {
                finished.link = URIResolver.absolute(link, base: base, fallback: currentChannelLink)
            }
            if isAtomFeed, finished.authors.isEmpty { finished.authors = feedAuthors }
            sink(finished)
            return
        }
        items.append(finished)
        itemBases.append(base)
    }

    /// The channel link made absolute, as far as the document has been read.
    private var currentChannelLink: String? {
        channelLinkRaw.map { URIResolver.absolute($0, base: channelLinkBase, fallback: nil) }
    }

    /// Builds the feed once the walk is over: links made absolute, Atom authors inherited.
    private mutating func finish() -> Feed? {
        guard let format else { return nil }
        let channelLink = currentChannelLink
        var finished = items
        for i in finished.indices {
            if let link = finished[i].link {
                finished[i].link = URIResolver.absolute(link, base: itemBases[i], fallback: channelLink)
            }
            if isAtomFeed, finished[i].authors.isEmpty { finished[i].authors = feedAuthors }
        }
        if inItem { warnings.append("the last item was cut off and is left out") }
        return Feed(
            format: format, title: channelTitle, link: channelLink, subtitle: channelSubtitle,
            language: language, updated: channelUpdated ?? lastBuildDate ?? channelPubDate ?? channelDCDate,
            ttl: ttl, items: finished, warnings: warnings)
    }

    /// Whether a guid can stand in for a missing link (feedparser does this for permalinks).
    static func looksLikeWebURL(_ text: String) -> Bool {
        text.hasPrefix("http://") || text.hasPrefix("https://")
    }
}
