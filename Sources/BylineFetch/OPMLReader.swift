import BylineText
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an OPML outline file (OPML 1.0/2.0, the subscription list format of feed readers) into
/// outlets and feeds, noting the line of each outline for errors.
///
/// Every `<outline>` with an `xmlUrl` is a feed. The outline directly around it (its parent)
/// names its outlet when the parent says it is one: it carries a `byline:` attribute (Byline's
/// export writes `byline:id`), or an `htmlUrl` (a site's address), or none of its feeds has a
/// name (`text`, else `title`) other than the parent's own. Any other parent is a folder, as feed
/// readers write categories: each of its feeds is an outlet of its own, named by its own
/// outline (a feed without a name is still the folder's), with one warning per folder whose
/// feeds became two or more outlets. A feed at the top, or inside another feed's outline, is
/// named by its own outline. Outlines further out are folders Byline does not read.
///
/// The outlet id is the `byline:id` attribute of the naming outline when present, else the
/// name lower-cased with every run of other characters than `a-z0-9_.-` made one `-`. A feed's
/// `byline:interval` is its interval in seconds, and `<head>`'s `<byline:defaultInterval>` that
/// of the feeds that give none (900 s when absent). The homepage is the naming outline's
/// `htmlUrl` (or the feed's), the language its `language`, the country its `byline:country`,
/// the aliases its `byline:aliases` (names joined by `|`), the news organisation it shares with
/// other outlets its `byline:organisation`.
///
/// Each naming outline is an outlet of its own: a made id that an earlier outline's outlet has
/// (two outlines "Same", or "日本語 ニュース" and "!!!", which both make `outlet`) becomes the first
/// free of `id-2`, `id-3`, ... with a warning; a `byline:id` given twice is an error. An
/// outline of type `rss` or `atom` with no `xmlUrl` is skipped with a warning.
final class OPMLReader: NSObject, XMLParserDelegate {
    struct Node {
        var attributes: [String: String]
        var line: Int
        /// The outline's place among the document's outlines (0 for the first), which tells
        /// apart outlines on one line.
        var serial: Int
        var isFeed: Bool { attributes["xmlUrl"] != nil }
        var name: String? {
            let text = attributes["text"].flatMap { $0.isEmpty ? nil : $0 } ?? attributes["title"]
            return text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    let path: String
    private var stack: [Node?] = []
    private var sawRoot = false
    private(set) var outlets: [OutletConfig] = []
    /// The outlet of each naming outline (by ``Node/serial``), by index in ``outlets``.
    private var outletIndex: [Int: Int] = [:]
    /// The outlet of each id, by index in ``outlets``.
    private var idIndex: [String: Int] = [:]
    /// The line of the outline that names each outlet, by index in ``outlets``.
    private var outletLines: [Int] = []
    /// What was read but not as written: an id made unique, an outline of a feed with no xmlUrl.
    private(set) var warnings: [ConfigError] = []
    private var outlines = 0
    /// An outline read, in document order: a feed (with the outline around it, unless that is a
    /// feed or there is none), or a feed outline without an `xmlUrl`.
    private enum Entry {
        case feed(Node, parent: Node?)
        case noURL(Node, type: String)
    }
    private var entries: [Entry] = []
    /// The names of the feed outlines directly inside each outline (by ``Node/serial``), nil
    /// for a feed without one.
    private var feedNames: [Int: [String?]] = [:]
    /// Whether the parser is inside `<head>`.
    private var inHead = false
    /// The text of `<head>`'s `<byline:defaultInterval>` read so far and its line, while inside it.
    private var defaultIntervalText: (text: String, line: Int)?
    /// The `<byline:defaultInterval>` of `<head>`, in seconds, once read.
    private var defaultInterval: Int?
    private(set) var failure: ConfigError?
    private weak var parser: XMLParser?
    /// Where the first error that is not a namespace one was, and its libxml2 code.
    private var firstError: (line: Int?, column: Int?, code: Int)?

    init(path: String) {
        self.path = path
    }

    func read(_ data: Data) throws(ConfigError) -> FeedList {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        self.parser = parser
        let ok = parser.parse()
        if let failure { throw failure }
        // swift-corelibs-foundation may return true and still set `parserError`. Namespace errors
        // (libxml2 codes 200-299, e.g. an undeclared `byline:` prefix) are not fatal: the
        // document is still well-formed XML 1.0 and its attributes arrive with their prefixes.
        let code = (parser.parserError as? NSError)?.code
        if !ok || (code.map { !(200..<300).contains($0) } ?? false) {
            let line = firstError?.line ?? (parser.lineNumber > 0 ? parser.lineNumber : nil)
            let column = firstError == nil ? (parser.columnNumber > 0 ? parser.columnNumber : nil) : firstError?.column
            throw ConfigError(path: path, line: line, column: column,
                              message: "OPML is not well-formed XML: "
                                + Self.reason(ofXMLError: firstError?.code ?? code ?? 1, atEnd: Self.onlySpace(in: data, after: line, column)))
        }
        guard sawRoot else { throw ConfigError(path: path, line: 1, message: "not OPML (no <opml> root element)") }
        resolve()
        if let failure { throw failure }
        guard !outlets.isEmpty else { throw ConfigError(path: path, message: "no outline with an xmlUrl (no feeds)") }
        if let conflict = FeedList.aliasConflict(in: outlets) {
            throw ConfigError(path: path, line: outletLines[conflict.index], message: conflict.message)
        }
        if let conflict = FeedList.organisationConflict(in: outlets) {
            throw ConfigError(path: path, line: outletLines[conflict.index], message: conflict.message)
        }
        if let shared = FeedList.sharedFeed(in: outlets) {
            throw ConfigError(path: path, line: outletLines[shared.index], message: shared.message)
        }
        var list = FeedList(outlets: outlets, defaultIntervalSeconds: defaultInterval ?? FeedList.standardIntervalSeconds)
        list.warnings = warnings
        return list
    }

    private func fail(_ line: Int, _ message: String) {
        guard failure == nil else { return }
        failure = ConfigError(path: path, line: line, message: message)
        parser?.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let line = parser.lineNumber
        if elementName == "opml" { sawRoot = true }
        if elementName == "head" { inHead = true }
        if elementName == Self.defaultIntervalElement && inHead { defaultIntervalText = ("", line) }
        guard elementName == "outline" else {
            stack.append(nil)
            return
        }
        let node = Node(attributes: attributeDict, line: line, serial: outlines)
        outlines += 1
        let parent = stack.last ?? nil
        defer { stack.append(node) }
        if attributeDict["xmlUrl"] == nil, let type = attributeDict["type"], ["rss", "atom"].contains(type.lowercased()) {
            // A feed outline (type rss or atom) without its address is a feed a reader would
            // show and Byline cannot pull: named, not dropped in silence.
            entries.append(.noURL(node, type: type))
        } else if attributeDict["xmlUrl"] != nil {
            // Whether the parent names an outlet depends on all of its feeds: decided in
            // ``resolve()`` once the document is read.
            entries.append(.feed(node, parent: parent.flatMap { $0.isFeed ? nil : $0 }))
            if let parent, !parent.isFeed { feedNames[parent.serial, default: []].append(node.name) }
        }
    }

    /// Whether a parent outline names the outlet of its feeds (else it is a folder, and each of
    /// its feed outlines names an outlet of its own): it carries a `byline:` attribute (Byline's
    /// export writes `byline:id`), or an `htmlUrl` (a site's address; feed readers write none on
    /// folders), or none of its feeds has a name other than the parent's own.
    private func namesOutlet(_ parent: Node) -> Bool {
        if parent.attributes.keys.contains(where: { $0.hasPrefix("byline:") }) { return true }
        if let site = parent.attributes["htmlUrl"], !site.trimmingCharacters(in: .whitespaces).isEmpty { return true }
        return (feedNames[parent.serial] ?? []).allSatisfy { $0 == nil || $0 == parent.name }
    }

    /// Reads the collected feed outlines in document order into ``outlets`` (see the type's
    /// discussion), with a warning for each folder whose feeds became two or more outlets.
    private func resolve() {
        /// Per folder (by serial): where its warning goes among ``warnings``, its line and name,
        /// and the ids of the outlets its feeds became, in order.
        var folders: [Int: (at: Int, node: Node, ids: [String])] = [:]
        for entry in entries {
            guard failure == nil else { return }
            switch entry {
            case .noURL(let node, let type):
                let name = node.name.map { "outline '\($0)'" } ?? "an outline"
                warnings.append(ConfigError(path: path, line: node.line, message: "\(name) of type \"\(type)\" has no xmlUrl: skipped, no feed to pull"))
            case .feed(let node, let parent):
                let folder = parent.flatMap { namesOutlet($0) ? nil : $0 }
                // In a folder a feed is named by its own outline; one without a name, by the folder.
                let owner = folder != nil && node.name != nil ? node : parent ?? node
                if let folder, folders[folder.serial] == nil { folders[folder.serial] = (warnings.count, folder, []) }
                if let id = add(node, owner: owner), let folder, folders[folder.serial]?.ids.contains(id) == false {
                    folders[folder.serial]?.ids.append(id)
                }
            }
        }
        for (_, folder) in folders.sorted(by: { $0.value.at > $1.value.at || ($0.value.at == $1.value.at && $0.key > $1.key) })
        where folder.ids.count > 1 {
            let shown = folder.ids.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (folder.ids.count > 3 ? ", ..." : "")
            let outline = folder.node.name.map { "outline '\($0)'" } ?? "an outline without a name"
            warnings.insert(ConfigError(path: path, line: folder.node.line, message: "\(outline) is read as a folder, not an outlet: "
                + "its feeds are \(folder.ids.count) outlets, each named by its own outline (\(shown)); to make them one outlet, "
                + "give the folder outline a byline:id (or the site's htmlUrl)"), at: folder.at)
        }
    }

    /// Adds the feed of outline `node` to the outlet that outline `owner` names (made on first
    /// use); the outlet's id, or nil after a ``fail(_:_:)``.
    private func add(_ node: Node, owner: Node) -> String? {
        let attributeDict = node.attributes
        let line = node.line
        let url = (attributeDict["xmlUrl"] ?? "").trimmingCharacters(in: .whitespaces)
        guard let name = owner.name else {
            fail(owner.line, "outline with xmlUrl '\(url)': no text or title names its outlet")
            return nil
        }
        guard OutletListReader.isHTTPURL(url) else {
            fail(line, "outline '\(node.name ?? name)': xmlUrl '\(url)' is not an absolute http(s) URL")
            return nil
        }
        if let index = outletIndex[owner.serial] {
            guard let feed = feedConfig(node, name: name) else { return nil }
            let key = FeedURL.comparable(url)
            if !outlets[index].feeds.contains(where: { FeedURL.comparable($0.url) == key }) { outlets[index].feeds.append(feed) }
            return outlets[index].id
        }
        let explicitID = owner.attributes["byline:id"]
        var id = explicitID ?? Self.slug(name)
        guard OutletListReader.isWellFormedID(id) else {
            fail(owner.line, "outline '\(name)': byline:id '\(id)' is not [a-z0-9_.-]+")
            return nil
        }
        if let taken = idIndex[id] {
            // Another outline's outlet has this id: each outline is an outlet of its own (as a
            // feed reader keeps both), so a made id takes the first free `-2`, `-3`, ... and
            // says so; an id the file gives twice is an error, as in TOML.
            let other = "outline '\(outlets[taken].name)' (line \(outletLines[taken]))"
            if explicitID != nil {
                fail(owner.line, "outline '\(name)': byline:id '\(id)' is already the id of \(other); ids are unique")
                return nil
            }
            let base = id
            var number = 2
            while idIndex["\(base)-\(number)"] != nil { number += 1 }
            id = "\(base)-\(number)"
            warnings.append(ConfigError(path: path, line: owner.line, message: "outline '\(name)': its id '\(base)' is that of \(other): "
                + "read as outlet '\(id)', an outlet of its own (give it a byline:id to choose the id; put its feeds under the other outline and give that a byline:id to make them one outlet)"))
        }
        guard let feed = feedConfig(node, name: name) else { return nil }
        let homepage = (owner.attributes["htmlUrl"] ?? attributeDict["htmlUrl"]).flatMap { OutletListReader.isHTTPURL($0) ? $0 : nil }
        let aliases = (owner.attributes["byline:aliases"] ?? "").split(separator: "|")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let bad = aliases.first(where: { OutletName.key($0).isEmpty }) {
            fail(owner.line, "outline '\(name)': byline:aliases '\(bad)' has no letter or digit")
            return nil
        }
        let organisation = owner.attributes["byline:organisation"]
        if let organisation, !OutletListReader.isWellFormedID(organisation) {
            fail(owner.line, "outline '\(name)': byline:organisation '\(organisation)' must match [a-z0-9_.-]+ (an outlet id such as \"cnn\")")
            return nil
        }
        outletIndex[owner.serial] = outlets.count
        idIndex[id] = outlets.count
        outletLines.append(owner.line)
        outlets.append(OutletConfig(
            id: id, name: name, homepage: homepage, country: owner.attributes["byline:country"],
            language: owner.attributes["language"] ?? attributeDict["language"], feeds: [feed], aliases: aliases,
            organisation: organisation))
        return id
    }

    /// The feed of outline `node` (its `xmlUrl` and `byline:interval`), or nil after a
    /// ``fail(_:_:)`` for an interval that is not a positive whole number of seconds.
    private func feedConfig(_ node: Node, name: String) -> FeedConfig? {
        var interval: Int?
        if let text = node.attributes["byline:interval"] {
            guard let seconds = Int(text), seconds > 0 else {
                fail(node.line, "outline '\(node.name ?? name)': byline:interval '\(text)' is not a positive whole number of seconds")
                return nil
            }
            interval = seconds
        }
        return FeedConfig(url: (node.attributes["xmlUrl"] ?? "").trimmingCharacters(in: .whitespaces), intervalSeconds: interval)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if (200..<300).contains((parseError as NSError).code) { return }
        guard firstError == nil else { return }
        firstError = (line: parser.lineNumber > 0 ? parser.lineNumber : nil, column: parser.columnNumber > 0 ? parser.columnNumber : nil,
                      code: (parseError as NSError).code)
    }

    /// Whether nothing but white space follows 1-based `line` and `column` in `data` (an error
    /// found there is one of a file that ends too soon); false when either is unknown.
    static func onlySpace(in data: Data, after line: Int?, _ column: Int?) -> Bool {
        guard let line, let column, line >= 1 else { return false }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard line <= lines.count else { return true }
        let rest = lines[line - 1].dropFirst(max(0, column - 1)) + lines[line...].joined()
        return rest.allSatisfy(\.isWhitespace)
    }

    /// What a libxml2 error code (`xmlParserErrors`, which XMLParser reports) means, in plain
    /// words for someone editing the file by hand; `atEnd` when the error is at the end of the
    /// file (nothing but white space after it): the file ends too soon, whatever the code. An
    /// unusual code is named by its number.
    static func reason(ofXMLError code: Int, atEnd: Bool = false) -> String {
        if atEnd || code == 77 {
            return "the file ends inside a tag or before every element is closed (cut off? a missing '>', quote or closing tag such as </opml>)"
        }
        return switch code {
        case 4: "the file holds no XML (empty, or text that is not markup)"
        case 5, 86: "more content after the root element (one <opml> element holds everything)"
        case 6, 7, 8: "a character reference (&#...;) names no valid character"
        case 9: "a character that XML does not allow (a control character, or bytes not in the declared encoding)"
        case 22, 68: "a '&' or '<' that starts no name (write a bare & as &amp; and < as &lt;)"
        case 23: "an entity reference (&name) without its ';' (write a bare & as &amp;)"
        case 26, 27: "an undefined entity (&name;); XML knows only &amp; &lt; &gt; &quot; &apos; and &#...;"
        case 31, 32, 79, 81: "an encoding that cannot be read, or bytes not in the declared encoding"
        case 38: "a '<' inside an attribute value (write it as &lt;)"
        case 39, 84: "an attribute value not in quotes (write name=\"value\")"
        case 40: "an attribute value whose closing quote is missing"
        case 41, 75: "an attribute without '=' and a value (write name=\"value\")"
        case 42: "an attribute given twice in one element"
        case 45: "a comment not closed with -->"
        case 56, 57: "a broken XML declaration (<?xml version=\"1.0\"?>, at the very start)"
        case 64: "a processing instruction named xml that is not at the very start (text or a BOM before <?xml ...?>)"
        case 65: "a space missing between attributes"
        case 73: "a tag not closed with '>' (or an attribute not written name=\"value\")"
        case 76: "a closing tag that does not match the element it closes"
        case 85: "the elements are not balanced (a closing tag without its opening tag)"
        default: "libxml2 error \(code)"
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        defaultIntervalText?.text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        _ = stack.popLast()
        if elementName == "head" { inHead = false }
        if elementName == Self.defaultIntervalElement, let (text, line) = defaultIntervalText {
            defaultIntervalText = nil
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let seconds = Int(trimmed), seconds > 0 else {
                fail(line, "\(Self.defaultIntervalElement) '\(trimmed)' is not a positive whole number of seconds")
                return
            }
            defaultInterval = seconds
        }
    }

    /// The element of `<head>` that holds the list's default interval in seconds (TOML's
    /// `default_interval`), as ``FeedList/opml(title:)`` writes it.
    static let defaultIntervalElement = "byline:defaultInterval"

    /// `"BBC News"` → `"bbc-news"`: lower case, runs of characters outside `a-z0-9_.-` made one `-`,
    /// no `-` at either end; `"outlet"` when nothing is left.
    static func slug(_ name: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in name.lowercased().folding(options: .diacriticInsensitive, locale: nil).unicodeScalars {
            let ok = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "." || scalar == "-"
            if ok {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? "outlet" : out
    }
}
