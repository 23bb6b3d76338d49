@testable import BylineFeed
import BylineTestSupport
import Foundation
import Testing

/// Byline's ``Feed`` and the feedparser-shaped output of the same bytes agree on what Byline
/// stores of every item: the same entries in the same order, with the same guid, link, title
/// and publication time, over every tenth snapshot of the real corpus (each outlet included).
///
/// One difference is deliberate: Byline reads a title as HTML, so a character reference left
/// after XML decoding (`Taup&amp;#333;` in the XML, `Taup&#333;` to feedparser, whose RSS title
/// is `text/plain`) is decoded too (`Taupō`); the titles are compared after decoding those.
@Suite struct ModelAgreementTests {
    /// Folds runs of whitespace to one space and trims, as ``FeedItem`` texts are.
    static func folded(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Decodes numeric character references (`&#333;`, `&#x14D;`) in `text`.
    static func decodingNumericReferences(_ text: String) -> String {
        guard text.contains("&#") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.range(of: "&#") {
            out += rest[..<amp.lowerBound]
            let after = rest[amp.upperBound...]
            if let semi = after.firstIndex(of: ";"), after.distance(from: after.startIndex, to: semi) <= 8 {
                let digits = after[..<semi]
                let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                if let value, let scalar = Unicode.Scalar(value) {
                    out.unicodeScalars.append(scalar)
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&#"
            rest = after
        }
        return out + rest
    }

    /// feedparser's 9-element UTC time tuple as a date (year, month, day, hour, minute, second).
    static func date(_ value: Any?) -> Date? {
        guard let parts = value as? [Int], parts.count == 9 else { return nil }
        var c = DateComponents()
        c.timeZone = TimeZone(identifier: "UTC")
        (c.year, c.month, c.day, c.hour, c.minute, c.second) = (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])
        return Calendar(identifier: .gregorian).date(from: c)
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func everyCorpusItemReadsTheSameInBothPrintings() throws {
        let root = SharedData.corpus
        var mismatches: [String: [String]] = [:]
        var compared = 0
        for outlet in try FileManager.default.contentsOfDirectory(atPath: root.path).filter({ !$0.contains(".") }).sorted() {
            let folder = root.appendingPathComponent(outlet)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xml") }.sorted()
            for (index, name) in names.enumerated() where index % 10 == 0 {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                guard let feed = try? FeedParser().parse(data) else { continue }
                let json = try #require(try JSONSerialization.jsonObject(with: Data(FeedparserJSON.render(data).utf8)) as? [String: Any])
                let entries = json["entries"] as? [[String: Any]] ?? []
                let file = "\(outlet)/\(name)"
                if entries.count != feed.items.count {
                    mismatches["count", default: []].append("\(file): \(feed.items.count) vs \(entries.count)")
                    continue
                }
                for (item, entry) in zip(feed.items, entries) {
                    compared += 1
                    if let id = entry["id"] as? String, item.guid != id {
                        mismatches["guid", default: []].append("\(file): \(item.guid ?? "nil") vs \(id)")
                    }
                    if let link = entry["link"] as? String, item.link != link {
                        mismatches["link", default: []].append("\(file): \(item.link ?? "nil") vs \(link)")
                    }
                    if let title = entry["title"] as? String, Self.folded(item.title ?? "") != Self.folded(Self.decodingNumericReferences(title)) {
                        mismatches["title", default: []].append("\(file): \(item.title ?? "nil") vs \(title)")
                    }
                    let published = Self.date(entry["published_parsed"]) ?? Self.date(entry["updated_parsed"])
                    if let published, item.published ?? item.updated != published {
                        mismatches["published", default: []].append("\(file): \(String(describing: item.published)) vs \(published)")
                    }
                }
            }
        }
        for (field, list) in mismatches.sorted(by: { $0.key < $1.key }) {
            print("\(field): \(list.count) mismatches; first: \(list.prefix(5).joined(separator: " | "))")
        }
        print("compared \(compared) items")
        #expect(compared > 3_000)
        #expect(mismatches.isEmpty)
    }
}

/// feedparser's extra unescaping of entry links given as text, byte for byte.
@Suite struct LinkTextTests {
    @Test(arguments: [
        ("https://www.nzherald.co.nz/a.cfm?c_id=1&objectid=12472903&amp;ref=rss", "https://www.nzherald.co.nz/a.cfm?c_id=1&objectid=12472903&ref=rss"),
        ("https://x.example/?a=1&amp;amp;b=2", "https://x.example/?a=1&ampb=2"),
        ("https://x.example/?q=&copy;&x=1", "https://x.example/?q=&copy&x=1"),
        ("https://x.example/plain", "https://x.example/plain"),
        ("https://x.example/?a&;b&amp", "https://x.example/?a&;b&amp"),
    ])
    func linksAreUnescapedAsFeedparserDoes(link: String, expected: String) {
        // Byline's parser and the feedparser printing use this one function.
        #expect(LinkText.feedparserEntryLink(link) == expected)
    }
}
