import BylineFeed
import BylineFeedparserShape
import Foundation

// `FeedParseBench print [--header "N: v"]... [--url URL] FILE`: feedparser-shaped JSON, the
// same output as `byline parse --format feedparser` (for scoring without the whole CLI).
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "print" {
    var headers: [(String, String)] = []
    var url: String?
    var file: String?
    var i = 1
    while i < arguments.count {
        switch arguments[i] {
        case "--header":
            let parts = arguments[i + 1].split(separator: ":", maxSplits: 1)
            headers.append((parts[0].trimmingCharacters(in: .whitespaces), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""))
            i += 2
        case "--url":
            url = arguments[i + 1]
            i += 2
        default:
            file = arguments[i]
            i += 1
        }
    }
    let data = try Data(contentsOf: URL(fileURLWithPath: file!))
    print(FeedparserJSON.render(data, headers: headers, url: url))
    exit(0)
}

// `FeedParseBench dump FILE...`: each file's Feed as one line of JSON (sorted keys, ISO 8601
// times) or `error: ...`, to compare two builds of the parser over a corpus.
if arguments.first == "dump" {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    for path in arguments.dropFirst() {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let feed = try FeedParser().parse(data)
            print(path + "\t" + String(decoding: try encoder.encode(feed), as: UTF8.self))
        } catch {
            print(path + "\terror: \(error)")
        }
    }
    exit(0)
}

// Benchmark: `FeedParseBench [CORPUS]` (release build) parses every .xml file of the corpus
// with Byline's FeedParser (plain, and with the detail that the feedparser printing prints),
// prints feedparser's shape of it (the same parse printed as JSON), and walks it with a bare
// libxml2 reader and a bare libxml2 SAX2 push parse (the two ceilings); then runs feedparser
// and feedparser-rs (Python, PyPI) over the same files and prints MB/s, entries/s and the
// ratios of Byline's FeedParser to each. `FeedParseBench big` parses a
// generated 100 MB feed and prints peak RSS over the baseline.
let corpus = arguments.first.flatMap { ["big", "profile", "profile-bare", "profile-sax"].contains($0) ? nil : $0 }
    ?? "../shared/corpus/headlines-2021-09"
func files(_ root: String) -> [String] {
    let e = FileManager.default.enumerator(atPath: root)
    var out: [String] = []
    while let p = e?.nextObject() as? String { if p.hasSuffix(".xml") { out.append(root + "/" + p) } }
    return out.sorted()
}
if arguments.first == "process" {
    // Whole processes, as users run them: see WholeProcess.
    WholeProcess.main(Array(arguments.dropFirst()), files: files)
    exit(0)
}
func peakRSSkB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}
if arguments.first == "big" {
    // The first real RSS item of the corpus, repeated, under its feed's own <rss> start tag
    // (so that the namespaces its elements use are declared, as in the real feed).
    var item = "<item><title>x</title></item>"
    var rootTag = "<rss version=\"2.0\">"
    for path in files(corpus) {
        guard let sample = try? Data(contentsOf: URL(fileURLWithPath: path)) else { continue }
        let text = String(decoding: sample, as: UTF8.self)
        if let found = text.range(of: "<item>").flatMap({ s in text.range(of: "</item>", range: s.upperBound..<text.endIndex).map { String(text[s.lowerBound..<$0.upperBound]) } }),
           found.count > 200, !found.contains("&") {
            item = found
            if let open = text.range(of: "<rss"), let close = text.range(of: ">", range: open.upperBound..<text.endIndex) {
                rootTag = String(text[open.lowerBound..<close.upperBound])
            }
            break
        }
    }
    print("repeated item: \(item.utf8.count) bytes")
    var doc = Data("<?xml version=\"1.0\" encoding=\"utf-8\"?>\(rootTag)<channel><title>big</title>".utf8)
    let itemData = Data(item.utf8)
    while doc.count < 100 << 20 { doc.append(itemData) }
    doc.append(Data("</channel></rss>".utf8))
    let baseline = peakRSSkB()
    var options = FeedParser.Options()
    options.maxBytes = 128 << 20
    // Streaming first (ru_maxrss only grows), then the whole-array parse.
    var start = Date()
    var streamed = 0
    _ = try FeedParser(options: options).parse(doc, url: nil, contentType: nil) { _ in streamed += 1 }
    var seconds = Date().timeIntervalSince(start)
    let streamPeak = peakRSSkB()
    print(String(format: "100 MB feed, streaming parse(onItem:): %d items in %.2f s (%.1f MB/s); peak RSS %d MB, baseline (document held) %d MB, over baseline %d MB",
                 streamed, seconds, Double(doc.count) / 1e6 / seconds, streamPeak / 1024, baseline / 1024, (streamPeak - baseline) / 1024))
    start = Date()
    let feed = try FeedParser(options: options).parse(doc, url: nil, contentType: nil)
    seconds = Date().timeIntervalSince(start)
    print(String(format: "100 MB feed, parse() into one array: %d items in %.2f s; peak RSS %d MB, over baseline %d MB",
                 feed.items.count, seconds, peakRSSkB() / 1024, (peakRSSkB() - baseline) / 1024))
    exit(0)
}
let paths = files(corpus)
let datas = paths.map { try! Data(contentsOf: URL(fileURLWithPath: $0)) }
if arguments.first == "profile" || arguments.first == "profile-bare" || arguments.first == "profile-sax" {
    // One pass of one parser only, for `valgrind --tool=callgrind`.
    let n: Int
    switch arguments.first {
    case "profile": n = datas.reduce(0) { $0 + ((try? FeedParser().parse($1).items.count) ?? 0) }
    case "profile-sax": n = datas.reduce(0) { $0 + BareSAXWalk.count($1) }
    default: n = datas.reduce(0) { $0 + BareWalk.count($1) }
    }
    print("\(n) entries")
    exit(0)
}
let megabytes = Double(datas.reduce(0) { $0 + $1.count }) / 1_000_000
func time(_ body: () -> Int) -> (Double, Int) {
    let start = Date()
    let n = body()
    return (Date().timeIntervalSince(start), n)
}
var rows: [(String, Double, Int)] = []
let bare = time { datas.reduce(0) { $0 + BareWalk.count($1) } }
rows.append(("bare libxml2 reader walk", bare.0, bare.1))
let bareSAX = time { datas.reduce(0) { $0 + BareSAXWalk.count($1) } }
rows.append(("bare libxml2 SAX2 push walk", bareSAX.0, bareSAX.1))
let byline = time { datas.reduce(0) { $0 + ((try? FeedParser().parse($1).items.count) ?? 0) } }
rows.append(("Byline FeedParser", byline.0, byline.1))
let detailed = time { datas.reduce(0) { $0 + ((try? FeedParser(options: .init(detail: true)).parse($1).items.count) ?? 0) } }
rows.append(("Byline FeedParser with detail", detailed.0, detailed.1))
let shaped = time { datas.reduce(0) { $0 + FeedparserJSON.render($1).count } }
rows.append(("Byline feedparser shape + JSON", shaped.0, byline.1))
func python(_ module: String) -> (Double, Int)? {
    let script = """
    import sys, time, \(module) as m
    paths = sys.argv[1:]
    datas = [open(p, 'rb').read() for p in paths]
    t = time.perf_counter(); n = 0
    for d in datas:
        n += len(m.parse(d).entries)
    print(time.perf_counter() - t, n)
    """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script] + paths
    let pipe = Pipe()
    p.standardOutput = pipe
    try? p.run()
    p.waitUntilExit()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ")
    guard out.count == 2, let s = Double(out[0]), let n = Int(out[1].trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
    return (s, n)
}
if let r = python("feedparser_rs") { rows.append(("feedparser-rs 0.7.1 (PyPI)", r.0, r.1)) }
if let r = python("feedparser") { rows.append(("feedparser 6.0.14", r.0, r.1)) }
print(String(format: "corpus: %d files, %.1f MB", datas.count, megabytes))
print("parser                              MB/s   entries/s   entries")
for (name, seconds, n) in rows {
    let padded = name.padding(toLength: 32, withPad: " ", startingAt: 0)
    print(padded + String(format: " %8.1f %11.0f %9d", megabytes / seconds, Double(n) / seconds, n))
}
let rate = Dictionary(rows.map { ($0.0, megabytes / $0.1) }, uniquingKeysWith: { a, _ in a })
if let b = rate["Byline FeedParser"] {
    for (name, _, _) in rows where name != "Byline FeedParser" {
        guard let r = rate[name] else { continue }
        print(String(format: "Byline FeedParser / %@: %.2fx", name, b / r))
    }
}
