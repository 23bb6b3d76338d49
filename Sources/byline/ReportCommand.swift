import ArgumentParser
import BylinePipeline
import BylineReport
import BylineStore
import BylineEmbed
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report: stories, coverage, facts, mentions, edits, anomalies, attributions and outlets CSVs, summary.txt, stories.json and HTML pages.",
        discussion: """
            Reads the stories that pull, run, import and analyze saved (it writes nothing to the \
            database; a PostgreSQL one is read in read-only sessions); with the embedding model, the facts of stories of two or more outlets and \
            up to 2,000 sentences are aligned by meaning (the sentence vectors the writers \
            stored; sentences an analysis was stopped before storing are embedded for this report \
            only, and a line on stderr counts them), larger stories on words. CSV files are RFC 4180 (UTF-8, CRLF, \
            header row) with ISO-8601 UTC times; cells that a spreadsheet would run as a formula \
            are prefixed with ' (a plain number such as -3 or -0.5, or a lone -, is not). stories.json holds the same tables as JSON (schema byline-report, \
            version 2, documented in the README). index.html lists the stories of two or more \
            outlets, each with a page story-<id>.html (its events when its facts show several, \
            timeline, fact matrix, attributions, silent edits), and outlets.html draws the scorecard with Wilson 95% intervals; the pages are \
            static (no script, no request anywhere) and open from disk. --since/--until keep the stories first reported in that range, and only those are read \
            (each outlet's boilerplate is then learned from them and its 200 latest items up to --until). \
            --out must be a new folder, an empty one (hidden files and READMEs aside) or one that \
            holds a previous Byline report (its stories.json or stories.csv): any other folder, such \
            as / or a project, is refused with one line and exit 1, before anything is read; so \
            is a folder this user cannot write, or a missing one that cannot be made (a file, or \
            a folder this user cannot write, is the nearest existing path above it; missing \
            folders above it are made). \
            The new report replaces the previous one in --out as a whole (folders exchanged in \
            one step), so a kill or a full disk never leaves a mix of old and new files; a folder \
            that cannot be exchanged (it holds a subfolder, it is the working folder or a mount \
            point, its parent is not writable) gets its files renamed into place one by one. \
            SIGINT or SIGTERM stops the report at once: one line on stderr says so and that the \
            previous report (or the folder) is left as it was, and the exit status is 130 (143); \
            one that comes while the new files are being put in place waits for that step, and \
            the new report is then whole.
            """)

    @OptionGroup var database: DatabaseOption
    @OptionGroup var semantic: ModelOption

    @Option(help: ArgumentHelp("The folder to write into (created if missing; an existing one must be empty or hold a previous report).", valueName: "dir"))
    var out: String = "Reports"

    @OptionGroup var range: TimeRangeOptions

    /// Refuses an empty `--out` (it would write into the working folder unasked).
    func validate() throws {
        guard !out.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--out must name a folder") }
    }

    func run() async throws {
        try await reportingErrors {
            try await ReportInterruption.trapping(out: out) { stop, interruption in
                // A file in the way is refused before the analysis, not after it.
                try ReportWriter.checkDestination(URL(fileURLWithPath: out))
                let store = try await database.openForReading()
                let written = try await using(store) {
                    try await Self.write(store: store, to: out, since: range.since, until: range.until, embedder: semantic.readingEmbedder(),
                                         database: database, model: semantic, stop: stop)
                }
                let names = written.map(\.lastPathComponent)
                let pages = names.filter { $0.hasPrefix("story-") }.count
                print("wrote \(names.filter { !$0.hasPrefix("story-") }.joined(separator: ", ")) and \(pages) story pages to \(out)")
                if let signal = interruption.lateSignal {
                    printError("\(signal) came when the new report was being put in place: \(out) holds it whole")
                }
            }
        }
    }

    /// Reads the analysis and writes every report file into `folder` (nothing is written to the
    /// store); `stop` stops the writing before the files are put in place.
    static func write(store: any AnalysisStore, to folder: String, since: Date?, until: Date?, embedder: SentenceEmbedder?,
                      database: DatabaseOption, model: ModelOption, stop: ReportStop? = nil) async throws -> [URL] {
        let report = try await build(store: store, since: since, until: until, embedder: embedder, database: database, model: model)
        return try ReportWriter.write(report, to: URL(fileURLWithPath: folder), stop: stop)
    }

    /// Reads the analysis and builds the report of the stories first reported in `[since, until)`:
    /// with `embedder`, facts by meaning from the sentence vectors the writers stored. `report`
    /// and `outlets` both build it here, so that the scorecard they show is one. `database` and
    /// `model` are the options the notes on stderr name in the command that saves what is missing.
    static func build(store: any AnalysisStore, since: Date?, until: Date?, embedder: SentenceEmbedder?,
                      database: DatabaseOption, model: ModelOption) async throws -> Report {
        let notice = readerNotice(database, model)
        let analysis = try await Analysis.load(from: store, since: since, until: until, embedder: embedder, notice: notice)
        notePending(analysis, database: database, model: model)
        let stopped = try await store.factsPending().map { !$0.isEmpty } ?? false
        // Without a model, the stored vectors: the same facts as a reader with it.
        let facts = FactEmbedder(store: store, embedder: embedder, notice: notice, saving: false, analysisStopped: stopped,
                                 modelDeclined: model.noModel)
        return await ReportBuilder.build(analysis: analysis, outletStats: try await store.outletStats(), since: since,
                                         until: until, factEmbedder: facts)
    }
}
