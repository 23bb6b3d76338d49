import ArgumentParser
import BylineFeed
import Foundation

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feed files and print what Byline reads from them.",
        discussion: """
            --format json prints each parsed feed as JSON (times ISO-8601 UTC); --format none \
            prints one summary line (files, entries, files with warnings, files that failed). \
            --header gives HTTP response headers (Content-Type charset); --url the document's \
            URL, the base for relative links.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, none
    }

    @Argument(help: ArgumentHelp("Feed files.", valueName: "FILE"))
    var files: [String]

    @Option(help: "Output: json or none.")
    var format: Format = .json

    @Option(name: .customLong("header"), help: ArgumentHelp("An HTTP response header, \"Name: value\" (repeatable).", valueName: "header"))
    var headers: [String] = []

    @Option(help: ArgumentHelp("The document's URL (base for relative links).", valueName: "url"))
    var url: String?

    func run() async throws {
        var contentType: String?
        for header in headers {
            let parts = header.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("--header '\(header)' is not \"Name: value\"") }
            if parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-type" {
                contentType = parts[1].trimmingCharacters(in: .whitespaces)
            }
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
            print("\(files.count) files, \(entries) entries, \(warned) with warnings, \(failed) failed")
        }
        if failed == files.count { throw ExitCode.failure }
    }
}
