// EmbedBench: embedding throughput on real feed items.
//
// Usage: EmbedBench [ITEMS] [--model DIR] [--corpus DIR] [--runs N]
//   ITEMS   number of title+summary texts to embed per run (default 1000)
//   --model model directory (default: $BYLINE_MODEL, then the XDG default)
//   --corpus folder of RSS files, searched recursively for *.xml
//            (default: ../shared/corpus/headlines-2021-09)
//   --runs  runs per configuration; the median is reported (default 3)
//   --threads N  threads for the main figures (default: one per processor)
//
// Prints items/s and tokens/s for title+summary texts and for titles alone,
// then title+summary again with a single thread (OpenBLAS is always used
// single-threaded; the embedder splits the work across its own threads).

import BylineEmbed
import Foundation

struct Options {
    var items = 1000
    var model: String?
    var corpus = "../shared/corpus/headlines-2021-09"
    var runs = 3
    var threads: Int?
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        switch argument {
        case "--model": options.model = arguments.popFirst()
        case "--corpus": options.corpus = arguments.popFirst() ?? options.corpus
        case "--runs": options.runs = max(1, Int(arguments.popFirst() ?? "") ?? options.runs)
        case "--threads": options.threads = Int(arguments.popFirst() ?? "")
        case "-h", "--help":
            print("usage: EmbedBench [ITEMS] [--model DIR] [--corpus DIR] [--runs N] [--threads N]")
            exit(0)
        default:
            guard let count = Int(argument), count > 0 else {
                FileHandle.standardError.write(Data("EmbedBench: unexpected argument \(argument)\n".utf8))
                exit(2)
            }
            options.items = count
        }
    }
    return options
}

/// Decodes the XML/HTML character references that occur in feeds.
func decodeEntities(_ text: String) -> String {
    guard text.contains("&") else { return text }
    var result = ""
    var rest = Substring(text)
    while let ampersand = rest.firstIndex(of: "&") {
        result += rest[..<ampersand]
        let tail = rest[ampersand...]
        guard let semicolon = tail.prefix(12).firstIndex(of: ";") else {
            result += "&"
            rest = rest[rest.index(after: ampersand)...]
            continue
        }
        let name = tail[tail.index(after: ampersand)..<semicolon]
        var replacement: String?
        switch name {
        case "amp": replacement = "&"
        case "lt": replacement = "<"
        case "gt": replacement = ">"
        case "quot": replacement = "\""
        case "apos": replacement = "'"
        case "nbsp": replacement = "\u{A0}"
        default:
            if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16) {
                replacement = Unicode.Scalar(value).map { String(Character($0)) }
            } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()) {
                replacement = Unicode.Scalar(value).map { String(Character($0)) }
            }
        }
        if let replacement {
            result += replacement
            rest = rest[rest.index(after: semicolon)...]
        } else {
            result += "&"
            rest = rest[rest.index(after: ampersand)...]
        }
    }
    return result + rest
}

/// Removes HTML tags (anything from `<` to the next `>`), leaving a space.
func stripTags(_ text: String) -> String {
    guard text.contains("<") else { return text }
    var result = ""
    var inTag = false
    for character in text {
        if inTag {
            if character == ">" { inTag = false }
        } else if character == "<" {
            inTag = true
            result.append(" ")
        } else {
            result.append(character)
        }
    }
    return result
}

/// Text content of an RSS element: CDATA unwrapped, entities decoded, HTML
/// tags removed, whitespace collapsed.
func plainText(_ raw: ArraySlice<UInt8>) -> String {
    var text = String(decoding: raw, as: UTF8.self)
    text = text.replacingOccurrences(of: "<![CDATA[", with: "").replacingOccurrences(of: "]]>", with: "")
    text = decodeEntities(text)
    text = stripTags(text)
    text = decodeEntities(text)
    return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

/// Index of the first occurrence of `needle` in `bytes[from..<to]`.
func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, to: Int) -> Int? {
    guard let first = needle.first, to - from >= needle.count else { return nil }
    var index = from
    let last = to - needle.count
    while index <= last {
        if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
        index += 1
    }
    return nil
}

/// The content of the first `<name …>…</name>` element in `bytes[range]`.
func element(_ name: String, in bytes: [UInt8], _ range: Range<Int>) -> ArraySlice<UInt8>? {
    let open = Array("<\(name)".utf8)
    let close = Array("</\(name)>".utf8)
    var search = range.lowerBound
    while let start = find(open, in: bytes, from: search, to: range.upperBound) {
        let after = start + open.count
        guard after < range.upperBound else { return nil }
        // Skip longer names such as <titles>.
        if bytes[after] != UInt8(ascii: ">"), bytes[after] != UInt8(ascii: " ") {
            search = after
            continue
        }
        guard let tagEnd = find([UInt8(ascii: ">")], in: bytes, from: after, to: range.upperBound),
              let end = find(close, in: bytes, from: tagEnd + 1, to: range.upperBound)
        else { return nil }
        return bytes[(tagEnd + 1)..<end]
    }
    return nil
}

/// Unique (title, summary) pairs from every `*.xml` file under `folder`.
func loadItems(from folder: String) -> [(title: String, summary: String)] {
    var paths: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let path = enumerator?.nextObject() as? String {
        if path.hasSuffix(".xml") { paths.append(path) }
    }
    let itemOpen = Array("<item".utf8)
    let itemClose = Array("</item>".utf8)
    var seen = Set<String>()
    var items: [(title: String, summary: String)] = []
    for path in paths.sorted() {
        guard let data = FileManager.default.contents(atPath: folder + "/" + path) else { continue }
        let bytes = [UInt8](data)
        var position = 0
        while let start = find(itemOpen, in: bytes, from: position, to: bytes.count),
              let end = find(itemClose, in: bytes, from: start, to: bytes.count) {
            position = end + itemClose.count
            let title = element("title", in: bytes, start..<end).map(plainText) ?? ""
            let summary = element("description", in: bytes, start..<end).map(plainText) ?? ""
            guard !title.isEmpty else { continue }
            if seen.insert(title + "\n" + summary).inserted { items.append((title, summary)) }
        }
    }
    return items
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// Embeds `texts` `runs` times; returns the median wall time in seconds.
func measure(_ embedder: SentenceEmbedder, _ texts: [String], runs: Int) -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let vectors = embedder.embed(texts)
        let end = DispatchTime.now().uptimeNanoseconds
        precondition(vectors.count == texts.count)
        times.append(Double(end - start) / 1e9)
    }
    return median(times)
}

func report(_ label: String, seconds: Double, items: Int, tokens: Int) {
    let line = String(
        format: "%-34@ %8.1f items/s %10.0f tokens/s  (%.2f s per run)",
        label as NSString, Double(items) / seconds, Double(tokens) / seconds, seconds)
    print(line)
}

let options = parseOptions()
let environment = ProcessInfo.processInfo.environment
guard let directory = ModelLocation.resolve(explicit: options.model, environment: environment) else {
    FileHandle.standardError.write(Data("EmbedBench: no model; pass --model DIR or set \(ModelLocation.environmentVariable)\n".utf8))
    exit(1)
}

let loadStart = DispatchTime.now().uptimeNanoseconds
let embedder: SentenceEmbedder
do {
    embedder = try SentenceEmbedder(directory: directory, threads: options.threads)
} catch {
    FileHandle.standardError.write(Data("EmbedBench: \(error)\n".utf8))
    exit(1)
}
let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e9

let corpus = loadItems(from: options.corpus)
guard !corpus.isEmpty else {
    FileHandle.standardError.write(Data("EmbedBench: no RSS items under \(options.corpus)\n".utf8))
    exit(1)
}
let picked = (0..<options.items).map { corpus[$0 % corpus.count] }
let fullTexts = picked.map { $0.summary.isEmpty ? $0.title : $0.title + "\n" + $0.summary }
let titles = picked.map(\.title)

let tokenizeStart = DispatchTime.now().uptimeNanoseconds
let fullTokens = fullTexts.reduce(0) { $0 + embedder.tokenIDs($1).count }
let tokenizeSeconds = Double(DispatchTime.now().uptimeNanoseconds - tokenizeStart) / 1e9
let titleTokens = titles.reduce(0) { $0 + embedder.tokenIDs($1).count }

print("model: \(directory.path) (loaded in \(String(format: "%.2f", loadSeconds)) s)")
print("corpus: \(corpus.count) unique items; embedding \(options.items) per run, median of \(options.runs) runs")
print(String(format: "average tokens per item: title+summary %.1f, title only %.1f (incl. [CLS]/[SEP], cap %d)",
             Double(fullTokens) / Double(options.items), Double(titleTokens) / Double(options.items), embedder.maxTokens))
print(String(format: "tokenizer alone: %.0f items/s", Double(options.items) / tokenizeSeconds))

_ = embedder.embed(Array(fullTexts.prefix(64)))  // warm-up
let threads = embedder.threadCount
report("title+summary, \(threads) threads", seconds: measure(embedder, fullTexts, runs: options.runs), items: options.items, tokens: fullTokens)
report("title only, \(threads) threads", seconds: measure(embedder, titles, runs: options.runs), items: options.items, tokens: titleTokens)
if threads > 1, let single = try? SentenceEmbedder(directory: directory, threads: 1) {
    report("title+summary, 1 thread", seconds: measure(single, fullTexts, runs: options.runs), items: options.items, tokens: fullTokens)
}
