import ArgumentParser
import BylineFetch

/// The `byline` command: argument parsing and wiring only; the work is in the library modules.
@main
struct Byline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "byline",
        abstract: "Shows how news outlets cover the same story: who reported what, and who was first.",
        discussion: """
            Pull or import RSS/Atom/JSON feeds, group items across outlets into stories, align \
            the facts they share, credit the first reporter with its evidence, and write CSV, \
            text, HTML and JSON reports. Data lives in one SQLite file (--db, default \
            byline.sqlite) or in a PostgreSQL database (--db postgres://user@host/database), \
            which every command that takes --db works on as on SQLite (pull, run and import \
            store, analyze analyses, stories, compare, report, outlets and feeds read) and \
            several run workers can share.
            """,
        version: BylineVersion.string,
        subcommands: [PullCommand.self, RunCommand.self, FeedsCommand.self, ImportCommand.self, ParseCommand.self, StoriesCommand.self, CompareCommand.self, ReportCommand.self, OutletsCommand.self, AnalyzeCommand.self, MigrateCommand.self]
    )

    /// Parses the command line and runs the command, as ArgumentParser's own `main()` does,
    /// except that the file operands of `parse` after the first are set aside while
    /// ArgumentParser reads the rest (``ParseCommand/setAsideOperands(_:)``) and appended
    /// to ``ParseCommand/files`` afterwards.
    ///
    /// A closed standard input, output or error is opened on `/dev/null` first, and SIGPIPE is
    /// ignored (``StandardStreams``), so that a closed standard output or
    /// standard error never stops a command before its work is recorded. Standard output that
    /// could not be written for another reason than a reader that is gone (a full disk) makes
    /// the command fail with exit 1 and a line saying so.
    static func main() async {
        StandardStreams.reopenClosedDescriptors()
        StandardStreams.ignoreBrokenPipes()
        var arguments = Array(CommandLine.arguments.dropFirst())
        let setAside = ParseCommand.setAsideOperands(&arguments)
        do {
            var command = try await asyncParseAsRoot(arguments)
            if var parse = command as? ParseCommand, !setAside.isEmpty {
                parse.files += setAside
                command = parse
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let failure = StandardStreams.outputFailure() { printError(failure) }
            exit(withError: error)
        }
        // Output cut short by a full disk or a file size limit is a failed command, not a
        // success with less to read.
        if let failure = StandardStreams.outputFailure() {
            printError(failure)
            exit(withError: ExitCode.failure)
        }
    }
}
