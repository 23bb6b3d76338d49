import BylineText
import Foundation
import TOMLKit

/// Turns a parsed TOML table into a validated ``FeedList``, naming the line of each problem.
///
/// TOMLKit does not report where a value came from, so lines are found in the text:
/// the n-th `[[outlet]]` header opens the n-th outlet, and `key =` inside its section is the key's
/// line. When the outlets are written some other way (an inline array), lines are left out.
struct OutletListReader {
    let path: String
    let lines: [Substring]
    /// 1-based line numbers of every table header (`[x]` or `[[x]]`), with the header's name.
    let headers: [(line: Int, name: String, isArray: Bool)]

    init(text: String, path: String) {
        self.path = path
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var headers: [(line: Int, name: String, isArray: Bool)] = []
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("[") else { continue }
            let isArray = line.hasPrefix("[[")
            let open = isArray ? 2 : 1
            guard let close = line.range(of: isArray ? "]]" : "]") else { continue }
            let inner = line[line.index(line.startIndex, offsetBy: open)..<close.lowerBound]
            let name = inner.filter { !$0.isWhitespace && $0 != "\"" && $0 != "'" }
            headers.append((index + 1, name, isArray))
        }
        self.headers = headers
    }

    func read(_ table: TOMLTable) throws(ConfigError) -> FeedList {
        for key in table.keys where key != "default_interval" && key != "outlet" {
            throw error(at: topLevelKeyLine(key), "unknown key '\(key)' (expected default_interval or [[outlet]])")
        }
        var defaultInterval = FeedList.standardIntervalSeconds
        if let value = table["default_interval"] {
            defaultInterval = try interval(value, line: topLevelKeyLine("default_interval"), what: "default_interval")
        }
        guard let outletValue = table["outlet"] else {
            throw error(at: nil, "no [[outlet]] tables")
        }
        guard let outletArray = outletValue.array else {
            throw error(at: topLevelKeyLine("outlet"), "'outlet' must be an array of tables ([[outlet]])")
        }
        let outletLines = headers.filter { $0.isArray && $0.name == "outlet" }.map(\.line)
        let linesKnown = outletLines.count == outletArray.count
        var outlets: [OutletConfig] = []
        var sections: [Section?] = []
        var seen: [String: Int] = [:]
        for (index, element) in outletArray.enumerated() {
            let section = linesKnown ? section(startingAt: outletLines[index]) : nil
            guard let outletTable = element.table else {
                throw error(at: section?.header, "outlet[\(index)] must be a table")
            }
            let outlet = try readOutlet(outletTable, index: index, section: section)
            if let first = seen[outlet.id] {
                throw error(
                    at: section.flatMap { keyLine("id", in: $0) } ?? section?.header,
                    "outlet '\(outlet.id)': id is already used by outlet[\(first)]")
            }
            seen[outlet.id] = index
            outlets.append(outlet)
            sections.append(section)
        }
        if outlets.isEmpty {
            throw error(at: topLevelKeyLine("outlet"), "no outlets")
        }
        try checkAliasesNameOneOutlet(outlets, sections: sections)
        if let conflict = FeedList.organisationConflict(in: outlets) {
            let section = sections[conflict.index]
            throw error(at: section.flatMap { keyLine("organisation", in: $0) } ?? section?.header, conflict.message)
        }
        if let shared = FeedList.sharedFeed(in: outlets) {
            let section = sections[shared.index]
            throw error(at: section.flatMap { lineNaming(shared.url, in: $0) } ?? section?.header, shared.message)
        }
        return FeedList(outlets: outlets, defaultIntervalSeconds: defaultInterval)
    }

    /// Refuses an alias that names another outlet too (``FeedList/aliasConflict(in:)``).
    private func checkAliasesNameOneOutlet(_ outlets: [OutletConfig], sections: [Section?]) throws(ConfigError) {
        guard let conflict = FeedList.aliasConflict(in: outlets) else { return }
        let section = sections[conflict.index]
        throw error(at: section.flatMap { keyLine("aliases", in: $0) } ?? section?.header, conflict.message)
    }

    // MARK: - One outlet

    /// An outlet's lines: its header, the end of its own keys (the next header), and the end of the
    /// whole section (the next `[[outlet]]` or non-`outlet.` header).
    struct Section {
        var header: Int
        var ownKeysEnd: Int
        var end: Int
    }

    private func section(startingAt header: Int) -> Section {
        let later = headers.filter { $0.line > header }
        let ownKeysEnd = later.first?.line ?? lines.count + 1
        let end = later.first { !$0.name.hasPrefix("outlet.") }?.line ?? lines.count + 1
        return Section(header: header, ownKeysEnd: ownKeysEnd, end: end)
    }

    private static let outletKeys: Set<String> = ["id", "name", "homepage", "country", "language", "feeds", "feed", "aliases",
                                                      "organisation"]

    private func readOutlet(_ table: TOMLTable, index: Int, section: Section?) throws(ConfigError) -> OutletConfig {
        func line(_ key: String) -> Int? {
            section.flatMap { keyLine(key, in: $0) } ?? section?.header
        }
        // The id first, so that later messages can name the outlet.
        guard let idValue = table["id"] else {
            throw error(at: section?.header, "outlet[\(index)]: id is missing")
        }
        guard let id = idValue.string else {
            throw error(at: line("id"), "outlet[\(index)]: id must be a string")
        }
        guard Self.isWellFormedID(id) else {
            throw error(at: line("id"), "outlet[\(index)]: id '\(id)' must match [a-z0-9_.-]+")
        }
        let who = "outlet '\(id)'"
        for key in table.keys where !Self.outletKeys.contains(key) {
            throw error(at: line(key), "\(who): unknown key '\(key)'")
        }
        func optionalString(_ key: String) throws(ConfigError) -> String? {
            guard let value = table[key] else { return nil }
            guard let string = value.string else {
                throw error(at: line(key), "\(who): \(key) must be a string")
            }
            guard !string.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw error(at: line(key), "\(who): \(key) is empty")
            }
            return string
        }
        guard let name = try optionalString("name") else {
            throw error(at: section?.header, "\(who): name is missing")
        }
        let homepage = try optionalString("homepage")
        if let homepage, !Self.isHTTPURL(homepage) {
            throw error(at: line("homepage"), "\(who): homepage '\(homepage)' is not an http(s) URL")
        }
        let country = try optionalString("country")
        let language = try optionalString("language")
        var aliases: [String] = []
        if let value = table["aliases"] {
            guard let array = value.array else {
                throw error(at: line("aliases"), "\(who): aliases must be an array of names (aliases = [\"NYT\"])")
            }
            for (n, element) in array.enumerated() {
                guard let alias = element.string else {
                    throw error(at: line("aliases"), "\(who): aliases[\(n)] must be a string")
                }
                guard !OutletName.key(alias).isEmpty else {
                    throw error(at: line("aliases"), "\(who): aliases[\(n)] '\(alias)' has no letter or digit")
                }
                aliases.append(alias.trimmingCharacters(in: .whitespaces))
            }
        }

        let organisation = try optionalString("organisation")
        if let organisation, !Self.isWellFormedID(organisation) {
            throw error(at: line("organisation"), "\(who): organisation '\(organisation)' must match [a-z0-9_.-]+ (an outlet id such as \"cnn\")")
        }

        var feeds: [FeedConfig] = []
        if let value = table["feeds"] {
            guard let array = value.array else {
                throw error(at: line("feeds"), "\(who): feeds must be an array of URLs or tables")
            }
            for (n, element) in array.enumerated() {
                feeds.append(try readFeed(element, label: "feeds[\(n)]", who: who, line: line("feeds")))
            }
        }
        if let value = table["feed"] {
            guard let array = value.array else {
                throw error(at: line("feed"), "\(who): feed must be an array of tables ([[outlet.feed]])")
            }
            let feedHeaders = section.map { section in
                headers.filter {
                    $0.isArray && $0.name == "outlet.feed" && $0.line > section.header && $0.line < section.end
                }.map(\.line)
            } ?? []
            for (n, element) in array.enumerated() {
                var at = section?.header
                var keyLines: [String: Int] = [:]
                if feedHeaders.count == array.count {
                    let start = feedHeaders[n]
                    at = start
                    let stop = headers.first { $0.line > start }?.line ?? lines.count + 1
                    for key in ["url", "interval"] {
                        keyLines[key] = keyLine(key, from: start + 1, to: stop)
                    }
                }
                feeds.append(try readFeed(element, label: "feed[\(n)]", who: who, line: at, keyLines: keyLines))
            }
        }
        if feeds.isEmpty {
            throw error(at: section?.header, "\(who): has no feeds (give feeds = [\"https://...\"])")
        }
        // Two spellings of one URL (``FeedURL/comparable(_:)``) are one feed listed twice.
        var urls: [String: String] = [:]
        for feed in feeds {
            if let first = urls[FeedURL.comparable(feed.url)] {
                throw error(at: line("feeds"), "\(who): feed '\(feed.url)' is listed twice" + (first == feed.url ? "" : " (also as '\(first)')"))
            }
            urls[FeedURL.comparable(feed.url)] = feed.url
        }
        return OutletConfig(id: id, name: name, homepage: homepage, country: country, language: language, feeds: feeds,
                            aliases: aliases, organisation: organisation)
    }

    private func readFeed(
        _ value: any TOMLValueConvertible, label: String, who: String, line: Int?, keyLines: [String: Int] = [:]
    ) throws(ConfigError) -> FeedConfig {
        let url: String
        var intervalSeconds: Int?
        if let string = value.string {
            url = string
        } else if let table = value.table {
            for key in table.keys where key != "url" && key != "interval" {
                throw error(at: line, "\(who): \(label) has unknown key '\(key)' (expected url, interval)")
            }
            guard let urlValue = table["url"] else {
                throw error(at: line, "\(who): \(label).url is missing")
            }
            guard let string = urlValue.string else {
                throw error(at: keyLines["url"] ?? line, "\(who): \(label).url must be a string")
            }
            url = string
            if let intervalValue = table["interval"] {
                intervalSeconds = try interval(
                    intervalValue, line: keyLines["interval"] ?? line, what: "\(who): \(label).interval")
            }
        } else {
            throw error(at: line, "\(who): \(label) must be a URL string or a table with url")
        }
        guard Self.isHTTPURL(url) else {
            throw error(at: keyLines["url"] ?? line, "\(who): \(label) '\(url)' is not an http(s) URL")
        }
        return FeedConfig(url: url, intervalSeconds: intervalSeconds)
    }

    // MARK: - Values

    private func interval(_ value: any TOMLValueConvertible, line: Int?, what: String) throws(ConfigError) -> Int {
        guard let seconds = value.int else {
            throw error(at: line, "\(what) must be a whole number of seconds")
        }
        guard seconds > 0 else {
            throw error(at: line, "\(what) must be positive, not \(seconds)")
        }
        return seconds
    }

    static func isWellFormedID(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "0"..."9", "_", ".", "-": true
            default: false
            }
        }
    }

    static func isHTTPURL(_ string: String) -> Bool {
        guard let url = URL(string: string), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return false }
        return true
    }

    // MARK: - Lines

    private func error(at line: Int?, _ message: String) -> ConfigError {
        ConfigError(path: path, line: line, message: message)
    }

    /// The first line of the outlet's whole section (its feed tables too) that holds `text`.
    private func lineNaming(_ text: String, in section: Section) -> Int? {
        (section.header..<min(section.end, lines.count + 1)).first { lines[$0 - 1].contains(text) }
    }

    private func topLevelKeyLine(_ key: String) -> Int? {
        keyLine(key, from: 1, to: headers.first?.line ?? lines.count + 1)
    }

    private func keyLine(_ key: String, in section: Section) -> Int? {
        keyLine(key, from: section.header + 1, to: section.ownKeysEnd)
    }

    /// The first line in `from..<to` (1-based) that assigns `key` (`key = ...`, bare or quoted).
    private func keyLine(_ key: String, from start: Int, to end: Int) -> Int? {
        guard start < end else { return nil }
        for number in start..<min(end, lines.count + 1) {
            var rest = lines[number - 1].drop { $0 == " " || $0 == "\t" }
            for form in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(form) {
                rest = rest.dropFirst(form.count).drop { $0 == " " || $0 == "\t" }
                if rest.hasPrefix("=") { return number }
                break
            }
        }
        return nil
    }
}
