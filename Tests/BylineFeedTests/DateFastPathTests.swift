@testable import BylineFeed
import BylineTestSupport
import Foundation
import Testing

/// The byte-level fast path of `DateParser.parse` against the full rule set.
@Suite struct DateFastPathTests {
    /// The fast path's answer for `text`: nil when it does not take the text.
    static func fast(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { DateParser.parseFast($0) }
    }

    /// Every date-element text of the 2021 headline corpus (`pubDate`, `lastBuildDate`,
    /// `updated`, `published`, `dc:date`, … of any prefix), each distinct string once.
    static func corpusDates() throws -> [String] {
        let names: Set<String> = ["pubDate", "lastBuildDate", "updated", "published", "date", "modified",
                                  "issued", "created"]
        var found = Set<String>()
        let files = FileManager.default.enumerator(atPath: SharedData.corpus.path)
        while let path = files?.nextObject() as? String {
            guard path.hasSuffix(".xml") else { continue }
            let data = try Data(contentsOf: SharedData.corpus.appendingPathComponent(path))
            let bytes = [UInt8](data)
            var i = 0
            while let open = bytes[i...].firstIndex(of: UInt8(ascii: "<")) {
                i = open + 1
                guard let close = bytes[i...].firstIndex(of: UInt8(ascii: ">")) else { break }
                let tag = String(decoding: bytes[i..<close], as: UTF8.self)
                i = close + 1
                guard !tag.hasPrefix("/"), !tag.hasSuffix("/") else { continue }
                let qname = tag.split(separator: " ").first.map(String.init) ?? tag
                let local = qname.split(separator: ":").last.map(String.init) ?? qname
                guard names.contains(local), let end = bytes[i...].firstIndex(of: UInt8(ascii: "<")) else { continue }
                var text = String(decoding: bytes[i..<end], as: UTF8.self)
                if text.isEmpty, bytes[end...].starts(with: Array("<![CDATA[".utf8)),
                   let cdataEnd = String(decoding: bytes[(end + 9)...], as: UTF8.self).range(of: "]]>") {
                    text = String(String(decoding: bytes[(end + 9)...], as: UTF8.self)[..<cdataEnd.lowerBound])
                }
                if !text.isEmpty { found.insert(text) }
            }
        }
        return found.sorted()
    }

    /// Every date string of the corpus: the fast path takes it, and gives exactly what the full
    /// rule set gives.
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func corpusFastEqualsFull() throws {
        let dates = try Self.corpusDates()
        #expect(dates.count > 4_000)
        var taken = 0
        for text in dates {
            let full = DateParser.parseFull(text)
            #expect(full != nil, "the full rules reject \(text.debugDescription)")
            if let fast = Self.fast(text) {
                taken += 1
                #expect(fast == full, "fast \(fast) != full \(String(describing: full)) for \(text.debugDescription)")
            }
        }
        #expect(taken == dates.count, "the fast path left \(dates.count - taken) of \(dates.count) corpus dates")
    }

    /// Tricky values, each through the fast path (which must take it), the full rules and
    /// `parse`, all exact to the second. Every expected value is feedparser 6.0.14's.
    @Test(arguments: [
        ("Tue, 29 Feb 2000 12:00:00 GMT", "2000-02-29T12:00:00Z"),    // 2000 is a leap year
        ("Sat, 29 Feb 2020 23:59:59 +0000", "2020-02-29T23:59:59Z"),
        ("2024-02-29T23:30:00-01:00", "2024-03-01T00:30:00Z"),        // leap day, across midnight
        ("Fri, 31 Dec 2021 23:30:00 -0100", "2022-01-01T00:30:00Z"),  // across the year end
        ("Sat, 01 Jan 2022 00:15:00 +0100", "2021-12-31T23:15:00Z"),
        ("2022-01-01T00:15:00+01:00", "2021-12-31T23:15:00Z"),
        ("Thu, 31 Dec 1899 23:00:00 -0100", "1900-01-01T00:00:00Z"),
        ("Fri, 24 Nov 2023 18:28:36 -0000", "2023-11-24T18:28:36Z"),
        ("Sat, 18 Sep 2021 00:14:00 UT", "2021-09-18T00:14:00Z"),
        ("Sat, 18 Sep 2021 00:14:00 UTC", "2021-09-18T00:14:00Z"),
        ("Sat, 18 Sep 2021 00:14:00 Z", "2021-09-18T00:14:00Z"),
        ("Sat, 18 Sep 2021 00:14:00 A", "2021-09-18T01:14:00Z"),      // military, RFC 822 signs
        ("Sat, 18 Sep 2021 00:14:00 N", "2021-09-17T23:14:00Z"),
        ("Sat, 18 Sep 2021 00:14:00 M", "2021-09-18T12:14:00Z"),
        ("Sat, 18 Sep 2021 00:14:00 Y", "2021-09-17T12:14:00Z"),
        ("Sat, 18 Sep 2021 00:14:00 EDT", "2021-09-18T04:14:00Z"),
        ("Sat, 18 Sep 2021 00:14:00 MEST", "2021-09-17T22:14:00Z"),
        ("SAT, 18 SEP 2021 00:14:00 GMT", "2021-09-18T00:14:00Z"),
        ("Sat, 8 Sep 2021 09:05 GMT", "2021-09-08T09:05:00Z"),        // one-digit day, no seconds
        ("8 Sep 2021 00:14 +0530", "2021-09-07T18:44:00Z"),           // no weekday
        ("Thu,  5 Apr 2012 10:00:00 GMT", "2012-04-05T10:00:00Z"),
        ("2021-09-18T00:14:00.999999Z", "2021-09-18T00:14:00Z"),      // fractions truncated
        ("2021-09-18t00:14:00z", "2021-09-18T00:14:00Z"),
        ("2021-09-18T00:14Z", "2021-09-18T00:14:00Z"),
        ("2021-09-18T00:14:00-00:00", "2021-09-18T00:14:00Z"),
        ("2021-09-18", "2021-09-18T00:00:00Z"),
        ("  2021-09-18T00:14:00Z\n", "2021-09-18T00:14:00Z"),
    ])
    func trickyValues(input: String, iso: String) throws {
        let expected = try utc(iso)
        #expect(Self.fast(input) == expected)
        #expect(DateParser.parseFull(input) == expected)
        #expect(DateParser.parse(input) == expected)
    }

    /// Every prefix of some well-formed dates, and every one-byte edit of them (each byte
    /// removed, replaced by, or preceded by, a digit, a separator or a letter): no rule reads
    /// out of bounds, and whenever the fast path takes a string it agrees with the full rules. Also checks
    /// that the edits are not all rejected, so the comparison has something to compare.
    @Test func editsAgreeWithFullRules() {
        let seeds = ["Sat, 18 Sep 2021 00:14:00 GMT", "Mon, 8 Feb 2021 23:59 -0400", "18 Sep 2021 00:14:00 EDT",
                     "2021-09-18T00:14:00.123+05:30", "2024-02-29T23:30:00Z", "2021-09-18",
                     // Seeds for the other rules (the fast path takes none of them).
                     "2003-012-31T10:14:55+00:00", "-03-12", "03335", "Fri, 2006/09/15 08:19:53 EDT",
                     "Sun Jul 15 01:16:00 +0000 2012", "\u{039a}\u{03c5}\u{03c1}, 11 \u{0399}\u{03bf}\u{03cd}\u{03bb} 2004 12:00:00 EST",
                     "2004-j\u{fa}lius-13T9:15-05:00", "2004-05-25 \u{c624}\u{d6c4} 11:23:17",
                     "2004\u{b144} 05\u{c6d4} 28\u{c77c}  01:31:15"]
        let inserts: [UInt8] = Array("0 9:+-,.TtZzAaG".utf8)
        var taken = 0
        var disagreements: [String] = []
        for seed in seeds {
            let bytes = Array(seed.utf8)
            var variants: [[UInt8]] = (0...bytes.count).map { Array(bytes[..<$0]) }
            for i in bytes.indices {
                var removed = bytes
                removed.remove(at: i)
                variants.append(removed)
                for b in inserts {
                    var replaced = bytes
                    replaced[i] = b
                    var inserted = bytes
                    inserted.insert(b, at: i)
                    variants += [replaced, inserted]
                }
            }
            for variant in variants {
                let text = String(decoding: variant, as: UTF8.self)
                let full = DateParser.parseFull(text)  // every rule runs on every edit, too
                guard let fast = Self.fast(text) else { continue }
                taken += 1
                if fast != full { disagreements.append(text) }
            }
        }
        #expect(disagreements == [])
        #expect(taken > 200)
    }

    /// Forms the fast path leaves to the full rules, with the full rules' answer.
    @Test(arguments: [
        ("Mon, 29 Feb 1900 12:00:00 GMT", nil),                       // 1900 is not a leap year
        ("1900-02-29", nil),                                          // (feedparser rolls to 1 March)
        ("Sat, 18 Sep 2021 00:14:00", "2021-09-18T00:14:00Z"),        // weekday but no zone: UTC
        ("18 Sep 2021 00:14:00", "2021-09-18T00:14:00Z"),             // no weekday, no zone: UTC
        ("Sat, 18 Sep 21 00:14:00 GMT", "2021-09-18T00:14:00Z"),      // two-digit year
        ("Sat, 18 September 2021 00:14:00 GMT", "2021-09-18T00:14:00Z"),
        ("Sat, 18 Sep 2021 0:14:00 GMT", "2021-09-18T00:14:00Z"),
        ("Sat, 18 Sep 2021 00:14:00 GMT+0200", "2021-09-17T22:14:00Z"),
        ("Sat, 18 Sep 2021 00:14:00 Etc/GMT", "2021-09-18T00:14:00Z"),
        ("Sat, 18 Sep 2021 00:14:00 -05:00", "2021-09-18T05:14:00Z"),
        ("Sat, 18 Sep 2021 00:14:00 XYZ", "2021-09-18T00:14:00Z"),    // unknown name: UTC
        ("Sat, 18 Sep 2021 00:14:00 K", "2021-09-18T00:14:00Z"),      // a letter feedparser lacks: UTC
        ("Sat, 18 Sep 2021 24:00:00 GMT", nil),
        ("2021-09-18 00:14:00", "2021-09-18T00:14:00Z"),              // MSSQL space
        ("2021-09-18T00:14:00+05", "2021-09-17T19:14:00Z"),
        ("2021-09-18T00:14:00,5Z", "2021-09-18T00:14:00Z"),
        ("2021-09-31T00:00:00Z", nil),
    ] as [(String, String?)])
    func leftToFullRules(input: String, iso: String?) throws {
        let expected = try iso.map(utc)
        #expect(Self.fast(input) == nil)
        #expect(DateParser.parse(input) == expected)
    }
}
