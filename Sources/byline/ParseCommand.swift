import ArgumentParser
import BylineFeed
import BylineFeedparserShape
import BylineReport
import CBylineSystem
import Foundation

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feed files and print what Byline reads from them.",
        discussion: """
            --format json prints the parsed feed as JSON (times ISO-8601 UTC); with several files, \
            one JSON array of {"file", "feed"} objects, or {"file", "error"} for a file that could \
            not be read or parsed. --format feedparser prints the same reading (with its detail: \
            links, persons, text types, extension elements) in feedparser's result shape, one JSON \
            object per line and file read (bozo, encoding, version, feed, entries, *_parsed dates \
            as 9-element UTC arrays); --format none parses every file and prints one summary line \
            (files, entries, files with bozo set, files that failed). Errors also go to stderr, \
            one line per file. \
            --header gives HTTP response headers (Content-Type charset; for --format feedparser also \
            Content-Location, Content-Language, ETag and Last-Modified); --url the document's absolute \
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

    @Option(help: ArgumentHelp("The document's absolute URL (base for relative links).", valueName: "url"))
    var url: String?

    /// Refuses a `--header` that is not `Name: value`, and a `--url` that is not an absolute URL
    /// (it is the base of every relative link). Checked here, while the command line is read, so
    /// that the error shows `parse`'s usage: an error thrown by `run()` would show the top-level one.
    func validate() throws {
        for header in headers where header.split(separator: ":", maxSplits: 1).count != 2 {
            throw ValidationError("--header '\(header)' is not \"Name: value\"")
        }
        if let url {
            guard let parsed = URL(string: url), let scheme = parsed.scheme, !scheme.isEmpty,
                  scheme.lowercased() == "file" || parsed.host?.isEmpty == false else {
                throw ValidationError("--url '\(url)' is not an absolute URL (like https://example.com/feed.xml)")
            }
        }
    }

    func run() async throws {
        var contentType: String?
        var pairs: [(String, String)] = []
        for header in headers {
            let parts = header.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }  // refused by validate()
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            pairs.append((name, value))
            if name.lowercased() == "content-type" { contentType = value }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // ISO 8601 in the proleptic Gregorian calendar (Foundation's `.iso8601` goes Julian before 1582).
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ReportFormat.time(date))
        }
        var entries = 0, warned = 0, failed = 0
        // Several files in json format: one array, each element naming its file.
        let array = format == .json && files.count > 1
        var elements: [String] = []
        func fail(_ file: String, _ message: String) {
            printError("\(file): \(message)")
            failed += 1
            if array, let name = try? encoder.encode(file), let text = try? encoder.encode(message) {
                elements.append("{\"file\": \(String(decoding: name, as: UTF8.self)), \"error\": \(String(decoding: text, as: UTF8.self))}")
            }
        }
        for file in files {
            // What the path names, links followed: one stat.
            switch byline_path_kind(file) {
            case BYLINE_FILE_REGULAR:
                break
            case BYLINE_FILE_DIRECTORY:
                fail(file, "a folder, not a feed file")
                continue
            case BYLINE_FILE_OTHER:
                fail(file, "not a regular file (a device, pipe or socket)")
                continue
            case BYLINE_FILE_DANGLING_LINK:
                fail(file, "a symbolic link to a missing file")
                continue
            case BYLINE_FILE_LINK_LOOP:
                fail(file, "a symbolic link in a loop of links (it leads back to itself)")
                continue
            default:
                fail(file, "no such file")
                continue
            }
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                fail(file, (error as NSError).code == NSFileReadNoPermissionError ? "cannot read: permission denied" : "cannot read: \(error.localizedDescription)")
                continue
            }
            if format == .feedparser {
                printData(FeedparserJSON.render(data, headers: pairs, url: url) + "\n")
                continue
            }
            let feed: Feed
            do throws(FeedError) {
                feed = try FeedParser().parse(data, url: url, contentType: contentType)
            } catch {
                fail(file, error.description)
                continue
            }
            entries += feed.items.count
            if !feed.warnings.isEmpty { warned += 1 }
            if array {
                let name = String(decoding: try encoder.encode(file), as: UTF8.self)
                elements.append("{\"file\": \(name), \"feed\": \(String(decoding: try encoder.encode(feed), as: UTF8.self))}")
            } else if format == .json {
                printData(String(decoding: try encoder.encode(feed), as: UTF8.self) + "\n")
            }
        }
        if array {
            printData("[\n" + elements.joined(separator: ",\n") + "\n]\n")
        }
        if format == .none {
            print("\(counted(files.count, "file")), \(counted(entries, "entry", plural: "entries")), \(warned) with bozo set, \(failed) failed")
        }
        if failed == files.count && format != .feedparser { throw ExitCode.failure }
    }
}
