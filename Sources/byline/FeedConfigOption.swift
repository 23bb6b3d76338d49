import ArgumentParser
import BylineFetch

/// `--config FILE`, shared by `pull`, `run` and `feeds`: a TOML outlet list or an OPML file.
struct FeedConfigOption: ParsableArguments {
    @Option(help: ArgumentHelp("The outlets and feeds: TOML (Feeds/README.md) or OPML (.opml).", valueName: "file"))
    var config: String = FeedConfigOption.standardPath

    /// The default outlet list, relative to the working directory.
    static let standardPath = "Feeds/outlets.toml"

    /// The list, read as OPML when the file name ends in `.opml` or the file starts with `<`,
    /// else as TOML.
    func load() throws -> FeedList {
        try FeedList.loadWarning(contentsOf: config)
    }
}

extension FeedList {
    /// ``FeedList/load(contentsOf:)``, with each of the list's ``FeedList/warnings`` on standard
    /// error (`byline: warning: subs.opml:4: ...`).
    static func loadWarning(contentsOf path: String) throws -> FeedList {
        let list = try FeedList.load(contentsOf: path)
        for warning in list.warnings { printError("warning: \(warning)") }
        return list
    }
}
