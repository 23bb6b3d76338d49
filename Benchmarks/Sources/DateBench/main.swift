import BylineFeed
import Foundation

// `DateBench [CORPUS] [--rounds N] [--only full|fast]` (release build, run from the checkout: CORPUS defaults to
// ../shared/corpus/headlines-2021-09): collects every date-element text of the
// corpus (`pubDate`, `lastBuildDate`, `updated`, `published`, `dc:date`, … each occurrence, in
// file order) and parses all of them N times (default 20) with
//   full  DateParser.parseFull: the full feedparser rule chain, no fast path,
//   fast  DateParser.parse: the byte-level fast path, falling back to the full chain;
// then prints dates/s for each, the speed-up, and whether the two agree on every string.
// (The parser before the fast path, measured in the same runs when it was replaced: 0.66 to
// 0.84 million dates/s, about as fast as `full`; see the commit that added this benchmark.)
var arguments = Array(CommandLine.arguments.dropFirst())
var rounds = 20
if let i = arguments.firstIndex(of: "--rounds"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    rounds = n
    arguments.removeSubrange(i...(i + 1))
}
var only: String?
if let i = arguments.firstIndex(of: "--only"), i + 1 < arguments.count {
    only = arguments[i + 1]
    arguments.removeSubrange(i...(i + 1))
}
let corpus = arguments.first ?? "../shared/corpus/headlines-2021-09"

/// Every date-element text of every .xml file under `root`.
func corpusDates(_ root: String) throws -> [String] {
    let names: Set<String> = ["pubDate", "lastBuildDate", "updated", "published", "date", "modified", "issued", "created"]
    var paths: [String] = []
    let walker = FileManager.default.enumerator(atPath: root)
    while let p = walker?.nextObject() as? String { if p.hasSuffix(".xml") { paths.append(p) } }
    var out: [String] = []
    for path in paths.sorted() {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: root + "/" + path)))
        var i = 0
        while let open = bytes[i...].firstIndex(of: UInt8(ascii: "<")) {
            i = open + 1
            guard let close = bytes[i...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tag = String(decoding: bytes[i..<close], as: UTF8.self)
            i = close + 1
            guard !tag.hasPrefix("/"), !tag.hasSuffix("/") else { continue }
            let qname = tag.split(separator: " ").first.map(String.init) ?? tag
            let local = qname.split(separator: ":").last.map(String.init) ?? qname
            guard names.contains(local), let end = bytes[i...].firstIndex(of: UInt8(ascii: "<")), end > i else { continue }
            out.append(String(decoding: bytes[i..<end], as: UTF8.self))
        }
    }
    return out
}

func measure(_ label: String, _ dates: [String], rounds: Int, _ parse: (String) -> Date?) -> Double {
    var checksum = 0.0
    var parsed = 0
    // One warm-up round, then the timed ones.
    for d in dates { if let date = parse(d) { checksum += date.timeIntervalSince1970 } }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<rounds {
        for d in dates {
            if let date = parse(d) {
                checksum += date.timeIntervalSince1970
                parsed += 1
            }
        }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let rate = Double(dates.count * rounds) / seconds
    print("\(label)  \(String(format: "%12.0f", rate)) dates/s  (\(String(format: "%.1f", 1e9 / rate)) ns/date, parsed \(parsed / rounds), checksum \(Int(checksum) % 1_000_000))")
    return rate
}

let dates = try corpusDates(corpus)
guard !dates.isEmpty else {
    FileHandle.standardError.write(Data("DateBench: no date strings under \(corpus) (run from the checkout, or pass the corpus folder)\n".utf8))
    exit(1)
}
let distinct = Set(dates)
print("DateBench: \(dates.count) date strings (\(distinct.count) distinct) from \(corpus), \(rounds) rounds")
if let only {
    // For profiling one parser alone: `--only full|fast`.
    let parsers: [String: (String) -> Date?] = ["full": DateParser.parseFull, "fast": DateParser.parse]
    guard let parser = parsers[only] else { print("--only takes full or fast"); exit(2) }
    _ = measure(only, dates, rounds: rounds, parser)
    exit(0)
}
let full = measure("full ", dates, rounds: rounds, DateParser.parseFull)
let fast = measure("fast ", dates, rounds: rounds, DateParser.parse)
print(String(format: "fast/full %.1fx", fast / full))

var disagreements = 0
for d in distinct where DateParser.parse(d) != DateParser.parseFull(d) {
    disagreements += 1
    if disagreements <= 5 { print("disagree: \(d.debugDescription)") }
}
let fullOnly = distinct.filter { DateParser.parseFull($0) == nil }.count
print("distinct strings on which full and fast disagree: \(disagreements); rejected by the full rules: \(fullOnly)")
