internal import CLibXML2
import Foundation

/// One parse of normalised UTF-8 bytes with libxml2's SAX2 push parser
/// (`xmlCreatePushParserCtxt` + `xmlParseChunk`), building a ``Feed`` from the events.
///
/// The document goes to libxml2 in chunks of ``defaultChunkSize`` bytes, so libxml2 holds at
/// most about one chunk of it; no tree is built, and text is collected in one reusable byte
/// buffer only while an element whose value is kept is open. Element names are matched on
/// libxml2's interned local-name and namespace-URI pointers (classified once per distinct
/// pair); Strings are made only for the fields kept.
///
/// Defences: `XML_PARSE_NONET`, never `NOENT`, `DTDLOAD` or `HUGE`; entities declared in an
/// internal subset are expanded through the callbacks only within libxml2's own loop and
/// amplification checks and within ``textBudget(for:)``: a document that trips either (a
/// "billion laughs") is refused with ``FeedError/entityExpansion(line:reason:)``; elements
/// deeper than the depth limit are cut out of the bytes before libxml2 reads them
/// (``MarkupScan``), and those entity expansion makes deeper stop the parse with a warning.
/// `XML_PARSE_RECOVER` lets libxml2 read on after a well-formedness error the way its
/// recovering tree parser would (a mismatched end tag closes the open element); the first
/// fatal error is reported so the caller can say the document was read in recovery mode. An
/// element still open at the end of a truncated document gets no end event, so a cut item is
/// never handed out.
///
/// The libxml2 context and every pointer into it live only inside ``run(bytes:url:maxDepth:chunkSize:sink:)``.
struct FeedSAXPass {
    /// What one parse produced.
    struct Result {
        /// The feed, when a feed root element was seen.
        var feed: Feed?
        /// Set when the root element shows the document is not a feed.
        var notAFeed: String?
        /// The first fatal (well-formedness) error libxml2 reported: its 1-based line (0 when
        /// none was named) and text; nil message when there was none.
        var errorLine = 0
        var errorMessage: String?
        /// Set when a limit on the work refused the document (too many attributes in one tag,
        /// past the time limit, an entity expansion bomb).
        var refusal: FeedError?
        /// The first error of level error (not fatal) libxml2 reported (an undeclared namespace
        /// prefix), with its line; the detail reading counts it as a problem.
        var errorOnly: String?
        /// Whether the first error came only when libxml2 was told the input had ended (the
        /// final `xmlParseChunk` with `terminate`): a complaint about an unfinished tail, such as
        /// 2.9's "Extra content at the end of the document" for a document cut off mid-item.
        var firstErrorAtEnd = false
        /// The 1-based line the bytes end on (lines as libxml2 counts them, by LF).
        var endLine = 0
        /// Whether the document ended (or the reading stopped) inside an item, which is left out.
        var endedInItem = false
    }

    /// Bytes handed to `xmlParseChunk` at a time: 256 KiB.
    static let defaultChunkSize = 256 << 10

    /// The most text libxml2 may hand over for a document of `count` bytes: four times the
    /// document plus 1 MiB. Text can only outgrow the document through entity expansion;
    /// past this bound the document is refused (``FeedError/entityExpansion(line:reason:)``).
    static func textBudget(for count: Int) -> Int { count &* 4 &+ (1 << 20) }

    /// The parser options: no network, errors only through the structured handler, the
    /// encoding decided by ``ByteNormalizer`` (`IGNORE_ENC`), and recovery after errors.
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_RECOVER.rawValue)

    // MARK: Parser state

    /// The push parser context, set right after it is created.
    fileprivate var ctxt: xmlParserCtxtPtr?
    let maxDepth: Int
    /// The document URL as libxml2 would record it (`xmlPathToURI`), the last base of links.
    let documentURL: String?
    /// Open elements.
    var openElements = 0
    /// Whether the root element's end tag was read (the document was not cut off).
    var rootClosed = false
    /// Set when this pass stopped libxml2 (not a feed, too deep, too much text, a limit).
    var stopped = false
    /// How many errors libxml2 had reported when it was told the input had ended; nil when it
    /// was not (it had stopped, or this pass had).
    var errorsBeforeEnd: Int?
    /// ``Result/endLine``.
    var endLine = 0
    /// The time the parse may take, and when it must have ended; nil for no limit.
    var deadline: Deadline?
    /// SAX events since the clock was last read.
    var eventsSinceClock = 0
    /// Why a limit refused the document.
    var refusal: FeedError?
    /// Text bytes libxml2 handed over so far, and the bound on them.
    var textSeen = 0
    let textLimit: Int
    /// The first fatal error.
    fileprivate let errors = ReaderErrors(fatalOnly: true)
    /// The first error of any level, for the detail reading (nil in the plain reading).
    fileprivate var allErrors: ReaderErrors?
    /// The detail reading's state; nil in the plain reading (``FeedParser/Options/detail``).
    var detail: DetailState?
    /// Whether ``detail`` is set: the flag the event handlers test (a plain Bool, where testing
    /// the large optional costs a call per event).
    var detailed = false
    /// The attributes of the element being started (SAX2 layout: five pointers each).
    var attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    var attributeCount = 0
    /// `xml:base` values in effect, innermost last, with the depth of their element.
    var bases: [(depth: Int, value: String)] = []
    var fastNames = [(key: NameKey, name: ElementName)?](repeating: nil, count: 256)

    struct NameKey: Hashable {
        let local: UnsafeRawPointer
        let namespace: UnsafeRawPointer?
    }

    // MARK: Feed state

    var format: FeedFormat?
    var notAFeed: String?
    var isAtomFeed = false
    var channelDepth: Int?
    var channelTitle: String?
    var channelLinkRaw: String?
    var channelLinkBase: String?
    var channelSubtitle: String?
    var language: String?
    var ttl: Int?
    var lastBuildDate: Date?
    var channelPubDate: Date?
    var channelDCDate: Date?
    var channelUpdated: Date?
    var feedAuthors: [String] = []
    var warnings: [String] = []
    /// Elements cut out before libxml2 read them for being nested too deep (``noteDepthCut(line:elements:)``):
    /// the cuts, the start tags in them, the first one's line, the items they were in (1-based;
    /// 0 outside any item) and where in ``warnings`` their one warning goes.
    var depthCuts = 0
    var depthCutElements = 0
    var depthCutLine = 0
    var depthCutItems: [Int] = []
    var depthCutWarning = 0
    /// Set when this pass's own depth check stopped the reading (elements libxml2 made deeper
    /// than the limit, by entity expansion): its warning.
    var depthStop: String?

    var items: [FeedItem] = []
    /// Streaming mode: where finished items go instead of ``items``.
    fileprivate var sink: ((FeedItem) -> Void)?
    /// Items finished so far.
    var finishedItems = 0
    var itemBases: [String?] = []
    /// The item being read (meaningful while `inItem`).
    var item = ItemDraft()
    var inItem = false
    /// The text of the element being captured, reused across captures.
    var captureBuffer: [UInt8] = []
    var itemDepth = 0
    var authorDepth: Int?
    var mediaGroupDepth: Int?
    var skipDepth: Int?
    var capture: Capture?

    /// The text of the element being read, and where it goes.
    struct Capture {
        var target: Target
        var depth: Int
        var mode: TextMode
        /// For ``Target/detail``, the field.
        var field: DetailField?
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
        /// Base64 (Atom `mode="base64"`, or a type that is not text): decoded as UTF-8, then
        /// read as HTML.
        case base64
    }

    enum Target: Equatable {
        case channelTitle, channelLink, channelSubtitle, channelLanguage, channelTTL
        case channelLastBuild, channelPubDate, channelDCDate, channelUpdated, feedAuthor
        case title, dcTitle, link, guid, summary, dcDescription, mediaDescription, content
        case author, category, published, dcDate, issued, updated, modified
        /// A field only the detail reading captures (``Capture/field``).
        case detail
    }

    /// An item while it is being read.
    struct ItemDraft {
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
        var published: ParsedDate?
        var dcDate: ParsedDate?
        var issued: ParsedDate?
        var updated: Date?
        var modified: Date?
        /// The texts of the publication dates no date rule read, per kind (``FeedItem/publishedText``).
        var publishedText: String?
        var dcDateText: String?
        var issuedText: String?
    }

    private init(url: String?, maxDepth: Int, textLimit: Int) {
        self.maxDepth = maxDepth
        self.textLimit = textLimit
        self.documentURL = url.flatMap(URIResolver.pathToURI)
    }

    // MARK: - Running

    /// Parses `bytes` (normalised UTF-8, starting at the first `<`) once.
    ///
    /// - Parameters:
    ///   - bytes: the normalised document, fewer than 2 GiB.
    ///   - url: the document URL, the base of `xml:base` and of relative links; or nil.
    ///   - maxDepth: elements deeper than this (root = 0) are cut out before libxml2 reads them
    ///     (``MarkupScan``); those made deeper by entity expansion stop the parse with a warning.
    ///   - maxAttributes: a start tag with more attributes (namespace declarations included) is
    ///     refused before libxml2 reads it (``AttributeScan``).
    ///   - timeLimit: the parse stops when it has run this long, checked between chunks and
    ///     every 4,096 SAX events; nil for none.
    ///   - chunkSize: bytes per `xmlParseChunk` call (tests use small odd sizes).
    ///   - sink: when set, each item goes to it as soon as it ends instead of into
    ///     ``Feed/items`` (see ``FeedParser/parse(_:url:contentType:onItem:)``).
    static func run(bytes: UnsafeBufferPointer<UInt8>, url: String?, maxDepth: Int, maxAttributes: Int = 1_000,
                    timeLimit: Duration? = nil, chunkSize: Int = defaultChunkSize,
                    detail: DetailState? = nil, sink: ((FeedItem) -> Void)? = nil) -> Result {
        guard bytes.count < Int(Int32.max) else {
            return Result(errorMessage: "document larger than 2 GiB")
        }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return Result(errorMessage: "no bytes") }
        let pass = UnsafeMutablePointer<FeedSAXPass>.allocate(capacity: 1)
        pass.initialize(to: FeedSAXPass(url: url, maxDepth: maxDepth, textLimit: textBudget(for: bytes.count)))
        defer {
            pass.deinitialize(count: 1)
            pass.deallocate()
        }
        pass.pointee.sink = sink
        if let detail {
            pass.pointee.detail = detail
            pass.pointee.detailed = true
            pass.pointee.allErrors = ReaderErrors()
        }
        var handler = makeHandler()
        guard let ctxt = xmlCreatePushParserCtxt(&handler, pass, nil, 0, nil) else {
            return Result(errorMessage: "libxml2 could not create a parser")
        }
        defer {
            // A document with an internal subset gets a document node to hold its entities.
            if let doc = ctxt.pointee.myDoc {
                xmlFreeDoc(doc)
                ctxt.pointee.myDoc = nil
            }
            xmlFreeParserCtxt(ctxt)
        }
        xmlCtxtUseOptions(ctxt, options)
        pass.pointee.ctxt = ctxt
        pass.pointee.deadline = timeLimit.map(Deadline.init(limit:))
        var scan = MarkupScan(limit: maxAttributes, maxDepth: maxDepth)
        let step = max(1, chunkSize)
        var offset = 0
        // Bytes before this offset are with libxml2 (or cut out).
        var fed = 0
        let count = bytes.count
        /// Hands `fed..<end` to libxml2; false when the parse is over.
        func feed(to end: Int) -> Bool {
            guard end > fed else { return true }
            let chunk = UnsafeRawPointer(base + fed).assumingMemoryBound(to: CChar.self)
            xmlParseChunk(ctxt, chunk, Int32(end - fed), 0)
            fed = end
            return !(pass.pointee.stopped || ctxt.pointee.instate == XML_PARSER_EOF)
        }
        reading: while offset < count {
            let size = min(step, count - offset)
            if let line = scan.scan(UnsafeBufferPointer(start: base + offset, count: size), at: offset) {
                pass.pointee.refusal = .tooManyAttributes(line: line, limit: maxAttributes)
                break
            }
            offset += size
            for cut in scan.takeCuts() {
                guard feed(to: cut.from) else { break reading }
                // The newlines of the cut in its place, so that later line numbers stay right.
                let newlines = MarkupScan.newlines(UnsafeBufferPointer(start: base + cut.from, count: cut.to - cut.from))
                var left = newlines
                while left > 0 {
                    let n = min(left, Self.lineFeeds.count)
                    Self.lineFeeds.withUnsafeBufferPointer { _ = xmlParseChunk(ctxt, $0.baseAddress, Int32(n), 0) }
                    left -= n
                }
                fed = cut.to
                pass.pointee.noteDepthCut(line: cut.line, elements: cut.elements)
            }
            guard feed(to: scan.heldFrom ?? offset) else { break }
            pass.pointee.checkClock(force: true)
            if pass.pointee.stopped { break }
        }
        if !pass.pointee.stopped && pass.pointee.refusal == nil && ctxt.pointee.instate != XML_PARSER_EOF {
            // The end of the document: a `<` held back goes too (a cut never closed does not).
            if scan.heldFrom == fed, !scan.isCutting { _ = feed(to: count) }
            pass.pointee.errorsBeforeEnd = pass.pointee.errors.count
            xmlParseChunk(ctxt, nil, 0, 1)
        }
        if !pass.pointee.rootClosed { pass.pointee.endLine = 1 + MarkupScan.newlines(bytes) }
        return pass.pointee.result()
    }

    /// Line feeds fed to libxml2 in place of a cut.
    private static let lineFeeds = [CChar](repeating: 0x0A, count: 4_096)

    /// The SAX2 handler: elements, text, CDATA, errors, and what an internal DTD subset needs.
    static func makeHandler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = clibxml2_sax2_magic()
        h.startElementNs = { ctx, local, prefix, uri, nbNamespaces, namespaces, nbAttributes, _, attributes in
            guard let local else { return }
            pass(ctx).pointee.startElement(local, prefix, uri, nbAttributes, attributes,
                                           namespaces: namespaces, namespaceCount: Int(nbNamespaces))
        }
        h.endElementNs = { ctx, local, _, uri in
            guard let local else { return }
            pass(ctx).pointee.endElement(local, uri)
        }
        let characters: charactersSAXFunc = { ctx, text, length in
            guard let text, length > 0 else { return }
            pass(ctx).pointee.characters(text, Int(length))
        }
        h.characters = characters
        h.cdataBlock = characters
        h.ignorableWhitespace = characters
        clibxml2_sax_set_error_handler(&h) { ctx, error in
            guard let ctx, let error else { return }
            pass(ctx).pointee.errors.record(error.pointee)
            pass(ctx).pointee.allErrors?.record(error.pointee)
            pass(ctx).pointee.refuseEntityBomb(error.pointee)
        }
        h.internalSubset = { ctx, name, externalID, systemID in
            pass(ctx).pointee.internalSubset(name, externalID, systemID)
        }
        h.entityDecl = { ctx, name, type, publicID, systemID, content in
            pass(ctx).pointee.entityDecl(name, type, publicID, systemID, content)
        }
        h.getEntity = { ctx, name in
            pass(ctx).pointee.entity(name)
        }
        h.getParameterEntity = { ctx, name in
            pass(ctx).pointee.parameterEntity(name)
        }
        return h
    }

    /// The message of a document in which no element starts.
    static let noRootMessage = "no root element: the document ends before any element starts"

    mutating func result() -> Result {
        var result = Result()
        if let refusal {
            result.refusal = refusal
            return result
        }
        result.notAFeed = notAFeed
        result.errorLine = errors.firstLine
        result.errorMessage = errors.firstMessage
        if format == nil && notAFeed == nil,
           [XML_ERR_DOCUMENT_END, XML_ERR_DOCUMENT_EMPTY].contains(where: { errors.firstCode == Int32($0.rawValue) }) {
            // No element ever started: libxml2's push parser says "Extra content at the end of
            // the document" for a document of only an XML declaration, comments or whitespace.
            result.errorMessage = Self.noRootMessage
        }
        if let all = allErrors, let message = all.firstMessage {
            result.errorOnly = all.firstLine > 0 ? "line \(all.firstLine): \(message)" : message
        }
        result.firstErrorAtEnd = errors.firstMessage != nil && errorsBeforeEnd == 0
        result.endLine = endLine
        result.endedInItem = inItem
        if notAFeed == nil { result.feed = finish() }
        return result
    }

    /// Stops the parse with ``FeedError/timedOut(seconds:)`` once the deadline has passed; the
    /// clock is read every 4,096 calls unless `force`.
    fileprivate mutating func checkClock(force: Bool = false) {
        // Counted first: the optional deadline is read once per 4,096 events, not on each.
        eventsSinceClock &+= 1
        guard force || eventsSinceClock >= 4_096 else { return }
        eventsSinceClock = 0
        guard let deadline, !stopped else { return }
        if ContinuousClock.now >= deadline.instant {
            refusal = .timedOut(seconds: Int(deadline.limit.components.seconds))
            stop()
        }
    }

    /// A parse's time limit and the instant it runs out, in a box: a `ContinuousClock.Instant`
    /// stored in the pass itself (a standard-library type whose layout is not fixed when Byline
    /// is compiled) gave the whole pass a layout computed at run time, so that every SAX
    /// callback looked up its metadata and the offset of each field it touched.
    final class Deadline {
        let limit: Duration
        let instant: ContinuousClock.Instant

        /// The deadline `limit` from now.
        init(limit: Duration) {
            self.limit = limit
            self.instant = ContinuousClock.now + limit
        }
    }

    /// Refuses the document when `error` is libxml2 refusing to expand an entity: its loop and
    /// amplification check (`XML_ERR_ENTITY_LOOP`, "Detected an entity reference loop", which
    /// libxml2 2.9 also raises for a billion laughs) or, in libxml2 2.11 and later, its
    /// amplification limit ("Maximum entity amplification factor exceeded"). The line is the
    /// document's, where the reference is (libxml2 numbers the entity's own text from 1).
    fileprivate mutating func refuseEntityBomb(_ error: xmlError) {
        guard refusal == nil else { return }
        let message = error.message.map { String(cString: $0) } ?? ""
        guard error.code == Int32(XML_ERR_ENTITY_LOOP.rawValue) || message.contains("entity amplification") else { return }
        let line = ctxt.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? Int(error.line)
        refusal = .entityExpansion(line: line, reason: message.trimmingCharacters(in: .whitespacesAndNewlines))
        stop()
    }

    /// Stops libxml2 from this pass's side.
    mutating func stop() {
        stopped = true
        if let ctxt { xmlStopParser(ctxt) }
    }

    // MARK: - SAX events

    fileprivate mutating func startElement(_ local: UnsafePointer<UInt8>, _ prefix: UnsafePointer<UInt8>?,
                                           _ uri: UnsafePointer<UInt8>?, _ nbAttributes: Int32,
                                           _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                                           namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, namespaceCount: Int) {
        let depth = openElements
        openElements += 1
        if stopped { return }
        checkClock()
        if stopped { return }
        if depth > maxDepth {
            // ``MarkupScan`` cuts out what the bytes nest too deep; only entity expansion gets here.
            let line = ctxt.map { xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0)) } ?? 0
            let stop = "line \(line): elements nested deeper than \(maxDepth); the rest was skipped"
            warnings.append(stop)
            depthStop = stop
            self.stop()
            return
        }
        self.attributes = attributes
        attributeCount = Int(nbAttributes)
        if attributeCount > 0 {
            // CDF writes its base as a plain `BASE` attribute.
            let value = attributeValue("base", namespace: Self.xmlNamespace) ?? (format == .cdf ? cdfBase() : nil)
            if let value, let base = Self.usableBase(value) { bases.append((depth, base)) }
        }
        let name = elementName(local, uri)
        guard detailed else {
            if format == nil {
                root(name, local, prefix)
            } else {
                start(name, depth: depth)
            }
            self.attributes = nil
            attributeCount = 0
            return
        }
        detailOpen(depth: depth, namespaces: namespaces, count: namespaceCount)
        detail!.currentKey = nameAndKey(local, prefix, uri).1
        let inCapture = capture != nil
        if format == nil {
            root(name, local, prefix)
        } else {
            start(name, depth: depth)
            if inCapture {
                detailChildStart(local, uri)
            } else {
                detailStart(local, prefix, uri, depth: depth, claimed: capture != nil)
            }
        }
        self.attributes = nil
        attributeCount = 0
    }

    fileprivate mutating func endElement(_ local: UnsafePointer<UInt8>, _ uri: UnsafePointer<UInt8>?) {
        openElements -= 1
        if openElements == 0 && !stopped { rootClosed = true }
        if stopped { return }
        let depth = openElements
        guard detailed else {
            end(elementName(local, uri), depth: depth)
            if let last = bases.last, last.depth == depth { bases.removeLast() }
            return
        }
        let captured = capture
        end(elementName(local, uri), depth: depth)
        if let c = captured, depth > c.depth {
            detailChildEnd(local)
        } else {
            detailEnd(depth: depth)
        }
        detailClose(depth: depth)
        if let last = bases.last, last.depth == depth { bases.removeLast() }
    }

    fileprivate mutating func characters(_ text: UnsafePointer<UInt8>, _ length: Int) {
        checkClock()
        textSeen &+= length
        if textSeen > textLimit {
            if !stopped {
                // Only entity expansion makes more text than the budget: a bomb libxml2 let through.
                let line = ctxt.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0
                refusal = .entityExpansion(line: line, reason: "the expanded text passed \(textLimit) bytes, four times the document plus 1 MiB")
                stop()
            }
            return
        }
        if stopped { return }
        if detailed { detailCharacters(text, length, depth: openElements) }
        if capture == nil { return }
        captureBuffer.append(contentsOf: UnsafeBufferPointer(start: text, count: length))
    }

    /// The current element's classified name, cached by libxml2's interned string pointers
    /// (the parser's dictionary gives one pointer per distinct name for the parse) in a
    /// 256-slot direct-mapped table; a miss classifies the bytes again (a few hundred
    /// instructions, no allocation).
    mutating func elementName(_ local: UnsafePointer<UInt8>, _ namespace: UnsafePointer<UInt8>?) -> ElementName {
        let key = NameKey(local: UnsafeRawPointer(local), namespace: namespace.map { UnsafeRawPointer($0) })
        let mixed = (UInt(bitPattern: key.local) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt(bitPattern: key.namespace) &* 0xC2B2_AE3D_27D4_EB4F)
        let slot = Int(truncatingIfNeeded: mixed >> 56)
        if let hit = fastNames[slot], hit.key == key { return hit.name }
        let name = ElementName(local: local, namespaceURI: namespace)
        fastNames[slot] = (key, name)
        return name
    }

    // MARK: - Attributes and base URIs

    static let xmlNamespace: StaticString = "http://www.w3.org/XML/1998/namespace"
    static let rdfNamespace: StaticString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    /// Whether the NUL-terminated `c` equals `s`.
    @inline(__always)
    static func equals(_ c: UnsafePointer<UInt8>, _ s: StaticString) -> Bool {
        let p = s.utf8Start
        let n = s.utf8CodeUnitCount
        var i = 0
        while i < n {
            if c[i] != p[i] { return false }
            i += 1
        }
        return c[n] == 0
    }

    /// The value bytes of the current element's attribute `name`: with `namespace` nil, the
    /// attribute of that name in no namespace (as `xmlTextReaderGetAttribute` with an
    /// unprefixed name); else the one in that namespace.
    func attributeBytes(_ name: StaticString, namespace: StaticString? = nil) -> UnsafeBufferPointer<UInt8>? {
        guard let attributes else { return nil }
        for i in 0..<attributeCount {
            let a = attributes + i * 5
            guard let local = a[0], Self.equals(local, name) else { continue }
            if let namespace {
                guard let uri = a[2], Self.equals(uri, namespace) else { continue }
            } else if a[2] != nil {
                continue
            }
            guard let start = a[3], let end = a[4] else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    /// An attribute's value as a String (see ``attributeBytes(_:namespace:)``).
    ///
    /// Without `NOENT`, libxml2's SAX2 interface hands over an attribute value with `&` kept
    /// as `&#38;` (the tree builder decodes it again); that is undone here.
    func attributeValue(_ name: StaticString, namespace: StaticString? = nil) -> String? {
        guard let bytes = attributeBytes(name, namespace: namespace) else { return nil }
        guard bytes.contains(0x26) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: Self.undoAmpersandReferences(bytes), as: UTF8.self)
    }

    /// `&#38;` back to `&` (libxml2's SAX2 interface keeps `&` so in attribute values).
    static func undoAmpersandReferences(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x26, i + 4 < bytes.count, bytes[i + 1] == 0x23, bytes[i + 2] == 0x33,
               bytes[i + 3] == 0x38, bytes[i + 4] == 0x3B {
                out.append(0x26)
                i += 5
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// Whether the attribute `name` (no namespace) is present and equals `value` exactly.
    func attribute(_ name: StaticString, is value: StaticString) -> Bool {
        guard let bytes = attributeBytes(name) else { return false }
        return bytes.elementsEqual(UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount))
    }

    /// An `xml:base` value as a base: trimmed, the extra slashes of `http:///host/` dropped
    /// (feedparser); nil for a scheme no link may be resolved against (`javascript:`, `data:`),
    /// which is then ignored as feedparser ignores it.
    static func usableBase(_ value: String) -> String? {
        var base = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard URIResolver.isAbsolute(base), let colon = base.firstIndex(of: ":") else { return base }
        let scheme = base[..<colon].lowercased()
        guard ["http", "https", "ftp", "ftps", "file", "feed"].contains(scheme) else { return nil }
        let rest = base[base.index(after: colon)...]
        if rest.hasPrefix("///"), scheme != "file" {
            base = scheme + "://" + rest.drop { $0 == "/" }
        }
        return base
    }

    /// CDF's plain `BASE` attribute of the current element.
    func cdfBase() -> String? {
        attributeList().first { $0.name.namespace == nil && $0.name.local.lowercased() == "base" }?.value
    }

    /// The base URI in effect for the current element, as libxml2's `xmlNodeGetBase` gives it:
    /// the `xml:base` values from the innermost outwards, each joined onto the ones inside it,
    /// stopping at one that starts with `http://`, `ftp://` or `urn:`, then the document URL.
    func baseURI() -> String? {
        var accumulated: String?
        for entry in bases.reversed() {
            if let inner = accumulated {
                guard let joined = URIResolver.build(inner, entry.value) else { return nil }
                accumulated = joined
            } else {
                accumulated = entry.value
            }
            if let a = accumulated, a.hasPrefix("http://") || a.hasPrefix("ftp://") || a.hasPrefix("urn:") {
                return a.isEmpty ? nil : a
            }
        }
        if let documentURL {
            guard let inner = accumulated else { return documentURL.isEmpty ? nil : documentURL }
            accumulated = URIResolver.build(inner, documentURL)
        }
        guard let accumulated, !accumulated.isEmpty else { return nil }
        return accumulated
    }

    // MARK: - Events

    mutating func start(_ name: ElementName, depth: Int) {
        if skipDepth != nil { return }
        if let capture {
            if capture.mode == .xhtml, name.isBlock { captureBuffer.append(0x20) }
            return
        }
        if !inItem {
            if (name.local == .item || name.local == .entry) && (name.isRSS || name.isAtom) {
                item = ItemDraft()
                inItem = true
                itemDepth = depth
                if name.namespace != .none {
                    item.rdfAbout = attributeValue("about", namespace: Self.rdfNamespace)
                }
                if name.namespace == .rss090 { format = .rss090 }
                if format == .cdf { cdfAttributes(forItem: true) }
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
            begin(.mediaDescription, depth, attribute("type", is: "html") ? .html : .text)
        }
    }

    mutating func end(_ name: ElementName, depth: Int) {
        if let c = capture {
            if depth == c.depth {
                capture = nil
                deliver(c)
            } else if c.mode == .xhtml, name.isBlock {
                captureBuffer.append(0x20)
            }
            return
        }
        if let s = skipDepth {
            if depth == s { skipDepth = nil }
            return
        }
        if authorDepth == depth { authorDepth = nil; return }
        if mediaGroupDepth == depth { mediaGroupDepth = nil; return }
        if inItem, depth == itemDepth { finishItem(); return }
        if channelDepth == depth { channelDepth = nil }
    }

    mutating func begin(_ target: Target, _ depth: Int, _ mode: TextMode) {
        capture = Capture(target: target, depth: depth, mode: mode)
        captureBuffer.removeAll(keepingCapacity: true)
        if detailed { detailBegin(target, field: nil) }
    }

    /// Begins a capture of a field only the detail reading has.
    mutating func beginDetail(_ field: DetailField, _ depth: Int, _ mode: TextMode) {
        capture = Capture(target: .detail, depth: depth, mode: mode, field: field)
        captureBuffer.removeAll(keepingCapacity: true)
        detailBegin(.detail, field: field)
    }

    mutating func root(_ name: ElementName, _ local: UnsafePointer<UInt8>, _ prefix: UnsafePointer<UInt8>?) {
        if detailed {
            detail!.feed.root = String(cString: local)
            detail!.feed.declaredVersion = attributeValue("version")
        }
        switch (name.local, name.namespace) {
        case (.rss, .none):
            switch attributeValue("version")?.trimmingCharacters(in: .whitespaces) {
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
        case (.channel, .none):
            // CDF (Microsoft's Channel Definition Format): the channel is the root.
            format = .cdf
            channelDepth = 0
            if bases.isEmpty, let value = cdfBase(), let base = Self.usableBase(value) { bases.append((0, base)) }
            cdfAttributes(forItem: false)
        default:
            let written = String(cString: local)
            let qualified = prefix.map { String(cString: $0) + ":" + written } ?? written
            if written.lowercased() == "html" {
                notAFeed = "an HTML page (<\(qualified)>)"
            } else {
                notAFeed = "root element <\(qualified)> is not rss, rdf:RDF or feed"
            }
            stop()
            return
        }
        if isAtomFeed, let lang = attributeValue("lang", namespace: Self.xmlNamespace) {
            language = lang
        }
    }

    /// CDF's `HREF` (the link) and `LASTMOD` (the update time) attributes of the channel or an item.
    mutating func cdfAttributes(forItem: Bool) {
        let list = attributeList()
        let href = list.first { $0.name.local.lowercased() == "href" }?.value
        let lastmod = list.first { $0.name.local.lowercased() == "lastmod" }?.value
        if forItem {
            if let href { item.link = HTMLText.trimmed(Array(href.utf8)); item.linkBase = baseURI() }
            if let lastmod { item.updated = date(lastmod, item: finishedItems + 1) }
        } else {
            if let href { channelLinkRaw = HTMLText.trimmed(Array(href.utf8)); channelLinkBase = baseURI() }
            if let lastmod { channelUpdated = date(lastmod, item: nil) }
        }
        if detailed { detailCDF(href: href, lastmod: lastmod, forItem: forItem) }
    }

    /// Text mode of an Atom text construct or content element from its `type` (and Atom 0.3
    /// `mode`): base64 when so declared or when the type is not text or XML (feedparser).
    func atomMode() -> TextMode {
        guard attributeCount > 0 else { return .text }
        if let mode = attributeValue("mode")?.lowercased() {
            if mode == "escaped" { return .html }
            if mode == "base64" { return .base64 }
        }
        guard let type = attributeValue("type")?.lowercased() else { return .text }
        switch type {
        case "", "text", "text/plain": return .text
        case "html", "text/html": return .html
        case "xhtml", "application/xhtml+xml": return .xhtml
        default:
            if type.hasPrefix("text/") { return .text }
            if type.hasSuffix("+xml") || type.hasSuffix("/xml") { return .xhtml }
            return .base64
        }
    }

    mutating func channelField(_ name: ElementName, depth: Int) {
        switch name.namespace {
        case .none, .rss10, .rss090, .atom10, .atom03:
            // Atom's own elements, and in an Atom feed those written without a namespace.
            if name.isAtom || (name.namespace == .none && isAtomFeed), atomChannelField(name, depth: depth) { return }
            guard !name.isAtom else { return }
            switch name.local {
            case .title: begin(.channelTitle, depth, .html)
            case .link:
                channelLinkBase = baseURI()
                begin(.channelLink, depth, .raw)
            case .description: begin(.channelSubtitle, depth, .html)
            case .abstract: begin(.channelSubtitle, depth, .text)
            case .language: begin(.channelLanguage, depth, .raw)
            case .lastBuildDate: begin(.channelLastBuild, depth, .raw)
            case .pubDate: begin(.channelPubDate, depth, .raw)
            case .ttl: begin(.channelTTL, depth, .raw)
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

    /// An Atom element of the feed; false when it is not one Atom gives the feed.
    mutating func atomChannelField(_ name: ElementName, depth: Int) -> Bool {
        switch name.local {
        case .title:
            if isAtomFeed { begin(.channelTitle, depth, atomMode()) }
        case .subtitle, .tagline:
            if isAtomFeed { begin(.channelSubtitle, depth, atomMode()) }
        case .link:
            guard isAtomFeed, channelLinkRaw == nil else { break }
            let rel = attributeBytes("rel")
            guard rel == nil || attribute("rel", is: "alternate") else { break }
            if let href = attributeValue("href") {
                channelLinkRaw = HTMLText.trimmed(Array(href.utf8))
                channelLinkBase = baseURI()
            } else {
                // A link given as text, RSS style.
                channelLinkBase = baseURI()
                begin(.channelLink, depth, .raw)
            }
        case .updated, .modified:
            if isAtomFeed { begin(.channelUpdated, depth, .raw) }
        case .author:
            if isAtomFeed { authorDepth = depth }
        default:
            return false
        }
        return true
    }

    mutating func itemField(_ name: ElementName, depth: Int) {
        switch name.namespace {
        case .none, .rss10, .rss090, .atom10, .atom03:
            // Atom's own elements, and in an Atom feed those written without a namespace.
            if name.isAtom || (name.namespace == .none && isAtomFeed), atomItemField(name, depth: depth) { return }
            switch name.local {
            case .title: begin(.title, depth, .html)
            case .link:
                item.linkBase = baseURI()
                begin(.link, depth, .raw)
            case .description, .summary: begin(.summary, depth, .html)
            case .abstract: begin(.summary, depth, .text)
            case .guid:
                let isPermaLink = attributeValue("isPermaLink")?.lowercased() != "false"
                item.guidIsPermaLink = isPermaLink
                item.guidBase = baseURI()
                begin(.guid, depth, .raw)
            case .pubDate: begin(.published, depth, .raw)
            case .author: begin(.author, depth, .html)
            case .category: begin(.category, depth, .html)
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
                begin(.mediaDescription, depth, attribute("type", is: "html") ? .html : .text)
            default: break
            }
        default:
            break
        }
    }

    /// An Atom element of an entry; false when it is not one Atom gives an entry.
    mutating func atomItemField(_ name: ElementName, depth: Int) -> Bool {
        switch name.local {
        case .title: begin(.title, depth, atomMode())
        case .link:
            let rel = attributeBytes("rel")
            guard rel == nil || attribute("rel", is: "alternate") else { break }
            if let href = attributeValue("href") {
                if item.atomLink == nil {
                    item.atomLink = HTMLText.trimmed(Array(href.utf8))
                    item.atomLinkBase = baseURI()
                }
            } else {
                // A link given as text, RSS style.
                item.linkBase = baseURI()
                begin(.link, depth, .raw)
            }
        case .id:
            item.guidBase = baseURI()
            begin(.guid, depth, .raw)
        case .summary: begin(.summary, depth, atomMode())
        case .content:
            if attributeBytes("src") == nil { begin(.content, depth, atomMode()) }
        case .published, .issued: begin(.published, depth, .raw)
        case .created: begin(.issued, depth, .raw)
        case .updated, .modified: begin(.updated, depth, .raw)
        case .author: authorDepth = depth
        case .category:
            if let term = attributeValue("term") ?? attributeValue("label") {
                let text = HTMLText.plainText(Array(term.utf8), markup: false)
                if !text.isEmpty { item.categories.append(text) }
            }
        case .source: skipDepth = depth
        default:
            return false
        }
        return true
    }

    // MARK: - Values

    /// Whether the target of a capture already has its value (first one wins), so the text
    /// need not be made at all.
    func isFilled(_ target: Target) -> Bool {
        switch target {
        case .channelTitle: return channelTitle != nil
        case .channelLink: return channelLinkRaw != nil
        case .channelSubtitle: return channelSubtitle != nil
        case .channelLanguage: return language != nil
        case .title: return item.title != nil
        case .dcTitle: return item.dcTitle != nil
        case .link: return item.link != nil
        case .guid: return item.guid != nil
        case .summary: return item.summary != nil
        case .dcDescription: return item.dcDescription != nil
        case .mediaDescription: return item.mediaDescription != nil
        case .content: return item.content != nil
        default: return false
        }
    }

    mutating func deliver(_ capture: Capture) {
        var c = capture
        if let field = c.field {
            deliverDetail(field, raw: HTMLText.trimmed(captureBuffer))
            detail!.construct = nil
            return
        }
        // A second summary of an item that has no content is its content (feedparser).
        if case .summary = c.target, inItem, item.summary != nil, item.content == nil { c.target = .content }
        if isFilled(c.target) {
            if detailed { detail!.construct = nil }
            return
        }
        if detailed { detailDeliver(c.target, raw: HTMLText.trimmed(captureBuffer)) }
        if c.mode == .raw, deliverFastDate(c.target) { return }
        let text: String
        switch c.mode {
        case .raw: text = HTMLText.trimmed(captureBuffer)
        case .text, .xhtml: text = HTMLText.plainText(captureBuffer, markup: false)
        case .html: text = HTMLText.plainText(captureBuffer, markup: true)
        case .base64: text = HTMLText.plainText(Self.base64Decoded(captureBuffer), markup: true)
        }
        let value: String? = text.isEmpty ? nil : text
        switch c.target {
        case .channelTitle: channelTitle = value
        case .channelLink: channelLinkRaw = value
        case .channelSubtitle: channelSubtitle = value
        case .channelLanguage: language = value
        case .channelTTL:
            if let value, let minutes = Int(value), minutes >= 0 { ttl = minutes }
        case .channelLastBuild: lastBuildDate = date(value, item: nil)
        case .channelPubDate: channelPubDate = date(value, item: nil)
        case .channelDCDate: channelDCDate = date(value, item: nil)
        case .channelUpdated: channelUpdated = date(value, item: nil)
        case .feedAuthor: if let value { feedAuthors.append(value) }
        default:
            deliverItem(c.target, value)
        }
    }

    mutating func deliverItem(_ target: Target, _ value: String?) {
        switch target {
        case .title: item.title = value
        case .dcTitle: item.dcTitle = value
        case .link: item.link = value
        case .guid: item.guid = value
        case .summary: item.summary = value
        case .dcDescription: item.dcDescription = value
        case .mediaDescription: item.mediaDescription = value
        case .content: item.content = value
        case .author: if let value { item.authors.append(value) }
        case .category: if let value { item.categories.append(value) }
        // The last date of a kind wins, as in feedparser.
        // A publication date no rule reads is kept as written.
        case .published:
            if let date = parsedDate(value, item: finishedItems + 1) { item.published = date } else if value != nil { item.publishedText = value }
        case .dcDate:
            if let date = parsedDate(value, item: finishedItems + 1) { item.dcDate = date } else if value != nil { item.dcDateText = value }
        case .issued:
            if let date = parsedDate(value, item: finishedItems + 1) { item.issued = date } else if value != nil { item.issuedText = value }
        case .updated: item.updated = date(value, item: finishedItems + 1) ?? item.updated
        case .modified: item.modified = date(value, item: finishedItems + 1) ?? item.modified
        default: break
        }
    }

    /// A date field read from the captured bytes by the date parser's fast path, with no String
    /// made (``DateParser/parseFast(_:)`` trims whitespace itself and gives what
    /// ``DateParser/parse(_:)`` gives for every date it takes); false for a target that is no
    /// date or a date the fast path leaves to the full rules, which ``deliver(_:)`` then reads
    /// from the text as before.
    mutating func deliverFastDate(_ target: Target) -> Bool {
        switch target {
        case .channelLastBuild, .channelPubDate, .channelDCDate, .channelUpdated,
             .published, .dcDate, .issued, .updated, .modified:
            break
        default:
            return false
        }
        guard let stamp = captureBuffer.withUnsafeBufferPointer({ DateParser.parseFastStamp($0) }) else { return false }
        let date = stamp.date
        switch target {
        case .channelLastBuild: lastBuildDate = date
        case .channelPubDate: channelPubDate = date
        case .channelDCDate: channelDCDate = date
        case .channelUpdated: channelUpdated = date
        case .published: item.published = stamp.parsed
        case .dcDate: item.dcDate = stamp.parsed
        case .issued: item.issued = stamp.parsed
        case .updated: item.updated = date
        default: item.modified = date
        }
        return true
    }

    /// Base64 text decoded to bytes (whitespace ignored); the text itself when it is not base64
    /// or does not decode to UTF-8 (feedparser keeps it then).
    static func base64Decoded(_ bytes: [UInt8]) -> [UInt8] {
        let cleaned = bytes.filter { $0 > 0x20 }
        guard let data = Data(base64Encoded: Data(cleaned)), String(validating: Array(data), as: UTF8.self) != nil else {
            return bytes
        }
        return Array(data)
    }

    /// Parses a date field; an unparseable one costs the field and adds a warning naming the
    /// item (1-based) or the channel (`item` nil).
    mutating func date(_ text: String?, item: Int?) -> Date? {
        parsedDate(text, item: item)?.date
    }

    /// ``date(_:item:)`` with the date's precision and zone (``DateParser/parseWithPrecision(_:)``).
    mutating func parsedDate(_ text: String?, item: Int?) -> ParsedDate? {
        guard let text else { return nil }
        if let date = DateParser.parseWithPrecision(text) { return date }
        let owner = item.map { "item \($0)" } ?? "channel"
        warnings.append("\(owner): unparseable date '\(text)'")
        return nil
    }

    mutating func finishItem() {
        guard inItem else { return }
        // Moved out, not copied: no retain and release of every field.
        var d = ItemDraft()
        swap(&d, &item)
        inItem = false
        authorDepth = nil
        mediaGroupDepth = nil
        finishedItems += 1
        // A link given as element text once more: `&amp;` becomes `&` and `&name;` becomes
        // `&name`, as feedparser does for entry links (mixin.py `pop`), so a doubly escaped
        // link (`?a=1&amp;amp;ref=rss`) is the working URL. Atom hrefs are attributes: as given.
        var link = d.link.map(LinkText.feedparserEntryLink)
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
            published: (d.published ?? d.dcDate ?? d.issued)?.date,
            updated: d.updated ?? d.modified)
        finished.publishedDayOffset = (d.published ?? d.dcDate ?? d.issued)?.dayOffset
        if finished.published == nil { finished.publishedText = d.publishedText ?? d.dcDateText ?? d.issuedText }
        if detailed {
            finished.detail = finishItemDetail(guidIsPermaLink: d.guidIsPermaLink)
        }
        if let sink {
            // Streaming: resolved with what the channel has given so far (its link and Atom
            // authors come before the items in practice).
            if let link = finished.link {
                finished.link = URIResolver.absolute(link, base: base, fallback: currentChannelLink)
            }
            if isAtomFeed, finished.authors.isEmpty { finished.authors = feedAuthors }
            if detailed { resolveDetailLinks(&finished.detail!, fallback: currentChannelLink) }
            sink(finished)
            return
        }
        items.append(finished)
        itemBases.append(base)
    }

    /// Records that ``MarkupScan`` cut out elements nested deeper than ``maxDepth`` here (the
    /// bytes before the cut have just gone to libxml2, so the item open now is the one they were in).
    mutating func noteDepthCut(line: Int, elements: Int) {
        if depthCuts == 0 {
            depthCutLine = line
            depthCutWarning = warnings.count
        }
        depthCuts += 1
        depthCutElements += elements
        let owner = inItem ? finishedItems + 1 : 0
        if depthCutItems.last != owner { depthCutItems.append(owner) }
    }

    /// The one warning for the depth cuts: `line 7: 47 elements nested deeper than 256 left out
    /// (in item 2); the rest was read`; where they were is `in items 1 and 3`, `in items 1, 2, 3,
    /// 4, 5 and 2 more`, `outside the items` (the channel's or feed's own elements), or `in item
    /// 2 and outside the items`.
    var depthCutText: String {
        let items = depthCutItems.filter { $0 > 0 }
        var places: [String] = []
        if !items.isEmpty {
            var named = items.prefix(5).map(String.init)
            if items.count > 5 { named.append("\(items.count - 5) more") }
            let list = named.count == 1 ? named[0] : named.dropLast().joined(separator: ", ") + " and " + named.last!
            places.append((items.count == 1 ? "in item " : "in items ") + list)
        }
        if depthCutItems.contains(0) { places.append("outside the items") }
        let elements = depthCutElements == 1 ? "1 element" : "\(depthCutElements) elements"
        return "line \(depthCutLine): \(elements) nested deeper than \(maxDepth) left out (\(places.joined(separator: " and "))); the rest was read"
    }

    /// The channel link made absolute, as far as the document has been read.
    var currentChannelLink: String? {
        channelLinkRaw.map { URIResolver.absolute($0, base: channelLinkBase, fallback: nil) }
    }

    /// Builds the feed once the parse is over: links made absolute, Atom authors inherited.
    mutating func finish() -> Feed? {
        guard let format else { return nil }
        let channelLink = currentChannelLink
        var finished = items
        items = []
        for i in finished.indices {
            if let link = finished[i].link {
                finished[i].link = URIResolver.absolute(link, base: itemBases[i], fallback: channelLink)
            }
            if isAtomFeed, finished[i].authors.isEmpty { finished[i].authors = feedAuthors }
            if detailed { resolveDetailLinks(&finished[i].detail!, fallback: channelLink) }
        }
        if depthCuts > 0 { warnings.insert(depthCutText, at: min(depthCutWarning, warnings.count)) }
        var feed = Feed(
            format: format, title: channelTitle, link: channelLink, subtitle: channelSubtitle,
            language: language, updated: channelUpdated ?? lastBuildDate ?? channelPubDate ?? channelDCDate,
            ttl: ttl, items: finished, warnings: warnings)
        feed.detail = detail?.feed
        feed.isTruncated = !rootClosed
        feed.leftOut = depthCuts > 0 ? depthCutText : nil
        feed.stoppedBy = depthStop
        return feed
    }

    /// Whether a guid can stand in for a missing link (feedparser does this for permalinks).
    static func looksLikeWebURL(_ text: String) -> Bool {
        text.hasPrefix("http://") || text.hasPrefix("https://")
    }

    // MARK: - Internal subset

    /// A document with an internal DTD subset gets a document node (`xmlSAX2StartDocument`),
    /// so that libxml2's own `xmlSAX2InternalSubset` / `xmlSAX2EntityDecl` / `xmlSAX2GetEntity`
    /// / `xmlSAX2GetParameterEntity` can record and find its entities. External subsets and external entities are never
    /// loaded (no `DTDLOAD`, no `NOENT`, no `externalSubset` handler).
    fileprivate mutating func internalSubset(_ name: UnsafePointer<UInt8>?, _ externalID: UnsafePointer<UInt8>?,
                                    _ systemID: UnsafePointer<UInt8>?) {
        guard let ctxt else { return }
        let raw = UnsafeMutableRawPointer(ctxt)
        if detailed, [externalID, systemID].contains(where: { $0.map { String(cString: $0).lowercased().contains("netscape") } ?? false }) {
            detail!.feed.netscapeDoctype = true
        }
        if ctxt.pointee.myDoc == nil { xmlSAX2StartDocument(raw) }
        xmlSAX2InternalSubset(raw, name, externalID, systemID)
    }

    fileprivate func entityDecl(_ name: UnsafePointer<UInt8>?, _ type: Int32, _ publicID: UnsafePointer<UInt8>?,
                                _ systemID: UnsafePointer<UInt8>?, _ content: UnsafeMutablePointer<UInt8>?) {
        guard let ctxt, ctxt.pointee.myDoc != nil else { return }
        xmlSAX2EntityDecl(UnsafeMutableRawPointer(ctxt), name, type, publicID, systemID, content)
    }

    fileprivate func entity(_ name: UnsafePointer<UInt8>?) -> xmlEntityPtr? {
        guard let ctxt else { return nil }
        return xmlSAX2GetEntity(UnsafeMutableRawPointer(ctxt), name)
    }

    /// A parameter entity declared in the internal subset (`%name;`); an external one is
    /// found but, without `DTDLOAD`/`NOENT`, never loaded.
    fileprivate func parameterEntity(_ name: UnsafePointer<UInt8>?) -> xmlEntityPtr? {
        guard let ctxt, ctxt.pointee.myDoc != nil else { return nil }
        return xmlSAX2GetParameterEntity(UnsafeMutableRawPointer(ctxt), name)
    }
}

// MARK: - C callbacks

/// The pass behind a SAX callback's context pointer (the `user_data` given to libxml2).
private func pass(_ ctx: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<FeedSAXPass> {
    ctx.unsafelyUnwrapped.assumingMemoryBound(to: FeedSAXPass.self)
}
