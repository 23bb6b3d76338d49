import ArgumentParser
import BylineFeed
import Foundation

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feed files and print what Byline reads from them.",
        discussion: """
            --format json prints each parsed feed as JSON (times ISO-8601 UTC); --format feedparser \
            prints feedparser's result shape as one JSON object per file (bozo, encoding, version, \
            feed, entries, *_parsed dates as 9-element UTC arrays); --format none parses every \
            file and prints one summary line (files, entries, files with bozo set, files that failed). \
            --header gives HTTP response headers (Content-Type charset); --url the document's \
            URL, the base for relative links.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, feedparser, none
    }

    @Argument(help: ArgumentHelp("Feed files.", valueName: "FILE"))
    var files: [String]

    @Option(help: "Output: json, feedparser or none.")
    var format: Format = .json

    @Option(name: .customLong("header"), help: ArgumentHelp("An HTTP response header, \"Name: value\" (repeatable).", valueName: "header"))
    var headers: [String] = []

    @Option(help: ArgumentHelp("The document's URL (base for relative links).", valueName: "url"))
    var url: String?

    func run() async throws {
        var contentType: String?
        var pairs: [(String, String)] = []
        for header in headers {
            let parts = header.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("--header '\(header)' is not \"Name: value\"") }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            pairs.append((name, value))
            if name.lowercased() == "content-type" { contentType = value }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var entries = 0, warned = 0, failed = 0
        for file in files {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                printError("\(file): cannot read: \(error.localizedDescription)")
                failed += 1
                continue
            }
            if format == .feedparser {
                print(FeedparserJSON.render(data, headers: pairs, url: url))
                continue
            }
            let feed: Feed
            do throws(FeedError) {
                feed = try FeedParser().parse(data, url: url, contentType: contentType)
            } catch {
                printError("\(file): \(error.description)")
                failed += 1
                continue
            }
            entries += feed.items.count
            if !feed.warnings.isEmpty { warned += 1 }
            if format == .json {
                print(String(decoding: try encoder.encode(feed), as: UTF8.self))
            }
        }
        if format == .none {
            print("\(files.count) files, \(entries) entries, \(warned) with bozo set, \(failed) failed")
        }
        if failed == files.count && format != .feedparser { throw ExitCode.failure }
    }
}
