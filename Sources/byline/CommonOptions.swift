import ArgumentParser
import BylinePipeline
import BylineReport
import BylineStore
import BylineEmbed
import BylineFetch
import BylinePostgres
import Foundation

/// `--db`, shared by every command that reads or writes the database.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The SQLite database file, or a PostgreSQL database as postgres://user[:password]@host[:port]/database.",
        valueName: "path|url"))
    var db: String = DatabaseOption.defaultPath

    /// The SQLite file of a command given no `--db`, relative to the working directory.
    static let defaultPath = "byline.sqlite"

    /// Whether `--db` names a PostgreSQL database rather than a SQLite file.
    var isPostgres: Bool { PostgresLocation.isURL(db) }

    /// Refuses an empty `--db` (`--db ''`, `--db "$UNSET"`), a `--db` that is a device, a named
    /// pipe or a socket (`/dev/null`), and a URL of another scheme (`mysql://x/y`), which would
    /// otherwise be taken for a file path.
    func validate() throws {
        // Before anything is opened or locked: SQLite took '' for a temporary database and the
        // pull lock became `-pull.lock` in the working folder.
        if db.isEmpty {
            throw ValidationError("--db is empty: give the path of a database file (leave --db out for \(Self.defaultPath)) or a postgres:// URL")
        }
        // Before any command opens it or takes a lock beside it (`/dev/null-pull.lock`).
        if !isPostgres, let kind = Store.specialFileKind(db) {
            throw ValidationError("--db '\(db)': \(kind), not a database file; give the path of a file (a new one is created by import, pull or run), "
                                  + "or a postgres:// URL")
        }
        guard !isPostgres, let range = db.range(of: "://") else { return }
        let scheme = db[..<range.lowerBound]
        guard let first = scheme.first, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return }
        throw ValidationError("--db '\(PostgresLocation.withoutPassword(db))': Byline does not store in \(scheme):// databases; give a SQLite file path or a postgres://user@host/database URL")
    }

    /// Opens the store a reading command (stories, compare, report, outlets, feeds) reads,
    /// without writing: PostgreSQL for a `postgres://` URL, its sessions read-only (the server
    /// refuses any write; its schema must be this build's), else the SQLite file read-only (as
    /// ``openExisting(_:)``).
    func openForReading() async throws -> any AnalysisStore {
        if isPostgres { return try await PostgresStore(url: db, readOnly: true, notice: { printError($0) }) }
        return try openExisting()
    }

    /// Opens the store a writing command (pull, run, import, analyze) records into: PostgreSQL
    /// for a `postgres://` URL, else the SQLite file (created if missing). A PostgreSQL store
    /// whose connection is lost retries each operation for up to 300 s, saying so on standard
    /// error.
    func openForWriting() async throws -> any AnalysisStore {
        if isPostgres { return try await PostgresStore(url: db, notice: { printError($0) }) }
        return try Store(path: db)
    }

    /// Refuses an existing SQLite `--db` that a writing command must leave as it is (another
    /// program's file, one a newer Byline wrote, one whose schema is damaged:
    /// ``BylineStore/Store/refuseBeforeWriting(_:)``), before `pull` or `run` makes its lock file
    /// beside it; nothing for PostgreSQL.
    func refuseBeforeWriting() throws {
        if !isPostgres { try Store.refuseBeforeWriting(db) }
    }

    /// Takes the right to pull the feeds of a SQLite `--db` (``ScheduleLock``) for `command`;
    /// nil for PostgreSQL, whose feeds are leased one by one instead.
    ///
    /// - Throws: ``PipelineError/scheduleHeld(database:holder:)`` when another `pull` or `run`
    ///   pulls this file's feeds.
    func scheduleLock(command: String) throws -> ScheduleLock? {
        isPostgres ? nil : try ScheduleLock.acquire(database: db, command: command)
    }

    /// The error for a SQLite `--db` that does not exist: ``PipelineError/noDatabase(path:)``, or
    /// ``PipelineError/noDatabaseFolder(path:folder:)`` when its folder does not exist either (so
    /// that `byline import DIR` is not suggested where it cannot create the file).
    func noDatabase() -> PipelineError {
        guard Store.missingFolder(ofDatabase: db) == nil else {
            return .noDatabaseFolder(path: db, folder: URL(fileURLWithPath: db).deletingLastPathComponent().path)
        }
        return .noDatabase(path: db)
    }

    /// Opens the SQLite file read-only (SQLite's read-only mode): a reading command never
    /// writes, so a file this user may not write (or one in a folder this user may not write)
    /// reads like any other. A missing file is an error (a typo in --db must not silently
    /// create an empty database).
    func openExisting() throws -> Store {
        guard FileManager.default.fileExists(atPath: db) else { throw noDatabase() }
        // An empty file is a valid empty SQLite database, but not a Byline one: a reading command
        // must not turn it into one.
        if let size = (try? FileManager.default.attributesOfItem(atPath: db))?[.size] as? Int, size == 0 {
            throw PipelineError.emptyDatabase(path: db)
        }
        do {
            return try Store(path: db, readOnly: true)
        } catch {
            // The command that upgrades it names this file.
            guard case .olderSchema(let path) = error else { throw error }
            throw OlderDatabase(path: path, analyze: CommandLineHint("analyze", hintWords))
        }
    }
}

/// A SQLite file an older Byline wrote, opened by a reading command (read-only, so not
/// upgraded): ``BylineStore/StoreError/olderSchema(path:)`` with the `byline analyze` of this
/// `--db` that upgrades it.
struct OlderDatabase: Error, CustomStringConvertible {
    var path: String
    var analyze: CommandLineHint
    var description: String {
        "\(path): written by an older version of Byline and opened read-only; upgrade it once with \(analyze) (write access needed)"
    }
}

/// Closes a PostgreSQL store's connections (a SQLite store closes with its last reference).
func close(_ store: any IngestStore) async {
    await (store as? PostgresStore)?.close()
}

/// Runs `body` with `store`, then closes the store, whether `body` threw or not.
func using<T>(_ store: any AnalysisStore, _ body: () async throws -> T) async throws -> T {
    do {
        let result = try await body()
        await close(store)
        return result
    } catch {
        await close(store)
        throw error
    }
}

/// Says on stderr when the stories shown hold items that no analysis saved yet (an import or
/// pull still analysing, a store written by an older Byline or by a program that does not
/// analyse): they were placed for this command only, with the item vectors computed for it (not
/// stored: a reader writes nothing), and the writer's analysis or `byline analyze` of `database`
/// (with `model`) saves them.
func notePending(_ analysis: Analysis, database: DatabaseOption, model: ModelOption) {
    let db = database.isPostgres ? PostgresLocation.withoutPassword(database.db) : database.db
    guard analysis.pendingItems > 0 else { return }
    let vectors = analysis.unsavedItemTexts > 0
        ? " with \(counted(analysis.unsavedItemTexts, "item text")) embedded now, not stored;" : ";"
    printError("note: \(db): \(counted(analysis.pendingItems, "item")) not in saved stories yet, placed for this command only\(vectors) "
               + "the analysis of an import, pull or run still at work, or \(CommandLineHint.analyze(database, model.forReadersAnalyze)), saves them")
}

/// `--since` / `--until`, shared by the commands that list stories.
/// The bounds of `--concurrency` (pulls in flight at once) of `pull` and `run`.
enum PullConcurrency {
    /// The help text of `--concurrency`.
    static let help = "Pulls in flight at once, across all hosts (at most 2 to one host); 1 to \(maximum)."

    /// The most pulls in flight taken: 256. Each holds a socket and its body (up to 16 MiB
    /// decoded), so 256 keep at most 4 GiB of bodies and a quarter of the usual soft limit of
    /// 1,024 open files.
    static let maximum = 256

    /// Refuses a `concurrency` below 1 or over ``maximum``.
    static func check(_ concurrency: Int) throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard concurrency <= maximum else {
            throw ValidationError("--concurrency (\(concurrency)) must be at most \(maximum) pulls in flight at once")
        }
    }
}

/// `--timeout`: the limit on one pull, from the request to the last body byte, for `pull` and
/// `run` (``FetchSettings/totalTimeout``).
struct PullTimeoutOption: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seconds one pull may take, from the request to the last byte of the body (a slower one fails as timed out); 1 to 86400.",
        valueName: "seconds"))
    var timeout = Int(FetchSettings().totalTimeout)

    /// The longest `--timeout` taken, in seconds: a day (the schedule's longest backoff). A pull
    /// that takes longer is no pull; a larger value crashed the fetcher's conversion to
    /// nanoseconds past about 9.2 × 10⁹ s.
    static let maximum = 86_400

    /// Refuses a timeout under 1 second or over ``maximum``.
    func validate() throws {
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second") }
        guard timeout <= Self.maximum else {
            throw ValidationError("--timeout (\(timeout) s) must be at most \(Self.maximum) seconds (a day)")
        }
    }

    /// The fetcher's settings: this timeout and `concurrency` pulls in flight at once.
    func settings(concurrency: Int) -> FetchSettings {
        FetchSettings(totalTimeout: Double(timeout), maxConcurrent: max(1, concurrency))
    }
}

struct TimeRangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only stories first reported at or after this UTC time (2021-09-19, 2021-09-19T12:00:00Z, or with an offset: 2021-09-19T14:00+02:00).", valueName: "time"),
            transform: TimeRangeOptions.parseTime)
    var since: Date?

    @Option(help: ArgumentHelp("Only stories first reported before this UTC time.", valueName: "time"),
            transform: TimeRangeOptions.parseTime)
    var until: Date?

    /// Refuses a range that holds no time (`--since` at or after `--until`): it would list nothing.
    func validate() throws {
        if let since, let until, since >= until {
            throw ValidationError("--since must be before --until (the range \(ReportFormat.time(since)) to \(ReportFormat.time(until)) holds no time)")
        }
    }

    /// Parses `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM[:SS]` with `Z` or an offset.
    static func parseTime(_ text: String) throws -> Date {
        guard let date = ReportFormat.parseTime(text) else {
            throw ValidationError("'\(text)' is not a valid time; use 2021-09-19 or 2021-09-19T12:00:00Z (UTC; or an offset such as +02:00)")
        }
        return date
    }
}

/// `1 outlet`, `2 outlets`: a count with its noun, plural unless one (`plural` when it is
/// not the noun and `s`: `entries`).
func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
    "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
}

/// Writes the items to standard output as `Swift.print` would (their descriptions joined by
/// `separator`, then `terminator`), through ``StandardStreams/writeOutput(_:)`` so that a write
/// that fails is seen (``StandardStreams/outputFailure()``), with the bidirectional formatting
/// characters of feed texts made visible (``BylineReport/TerminalText/visible(_:)``). Every
/// command's text output goes through it; data formats (``printData(_:)``) keep their text.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    StandardStreams.writeOutput(TerminalText.visible(items.map { String(describing: $0) }.joined(separator: separator) + terminator))
}

/// Writes `text` to standard output as it is: a data format (`parse`'s JSON, `feeds list
/// --format csv`, `feeds export`'s OPML), whose texts are the feeds' own, bidirectional
/// formatting characters included.
func printData(_ text: String) {
    StandardStreams.writeOutput(text)
}

/// The end of the error line of a write that `error` ended: `; ` and `next` (how to go on,
/// `` `byline analyze` goes on from there ``) after what to do first (`after freeing space, ` on a
/// full disk, `once the disk or the file size limit allows writing again, ` after an I/O
/// error); empty for a damaged file, where running again cannot help (its error says what can).
func goingOn(after error: StoreError, _ next: String) -> String {
    switch error {
    case .damaged: ""
    case .full: "; after freeing space, \(next)"
    case .ioError: "; once the disk or the file size limit allows writing again, \(next)"
    default: "; \(next)"
    }
}

/// Prints one line to standard error (``StandardStreams/writeError(_:)``: a closed standard
/// error loses the line, nothing else).
func printError(_ message: String) {
    StandardStreams.writeError("byline: " + TerminalText.visible(message) + "\n")
}

/// Runs `body`, turning any error into one line on stderr and exit status 1.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        printError(String(describing: error))
        throw ExitCode.failure
    }
}

/// `--model` and `--no-model`, shared by the commands that analyse stories: where the
/// sentence-embedding model is, or that none is to be used.
struct ModelOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The all-MiniLM-L6-v2 model folder (tokenizer.json, model.safetensors). Default: $BYLINE_MODEL, else ~/.local/share/byline/models/all-MiniLM-L6-v2 (scripts/install-model installs it there). A model asked for that cannot be loaded stops pull, run, import and analyze before they write anything; stories, compare, report and outlets say so and show the saved stories.",
        valueName: "dir"))
    var model: String?

    @Flag(name: .customLong("no-model"), help: "Use no embedding model, even one installed: stories and facts are grouped on words, names and time only.")
    var noModel = false

    /// Refuses `--model` with `--no-model`.
    func validate() throws {
        if noModel && model != nil { throw ValidationError("--model and --no-model exclude each other") }
    }

    /// The embedder of a reading command (`stories`, `compare`, `report`, `outlets`), or nil:
    /// with `--no-model`, silently; where there is no usable model (none installed, or the one
    /// asked for cannot be loaded), with one line on stderr saying why. A reader shows the saved
    /// stories and the stored vectors of their facts either way; only what no analysis saved
    /// yet is grouped on words, names and time, and nothing is stored.
    func readingEmbedder() -> SentenceEmbedder? {
        guard !noModel else { return nil }
        return SemanticLayer.embedder(explicit: model, environment: ProcessInfo.processInfo.environment, reading: true) { printError($0) }
    }

    /// The model of a writing command (`pull`, `run`, `import`, `analyze`), loaded before it
    /// writes anything: no embedder with `--no-model`, or (with the note for ``WriterModel/noted()``)
    /// when no model was asked for: no `--model`, no `$BYLINE_MODEL` and nothing at the default
    /// folder. A writer then groups stories and facts on words, names and time only.
    ///
    /// - Throws: ``UnusableModelError`` when a model was asked for (`--model`, `$BYLINE_MODEL`,
    ///   or the default folder, which exists) and cannot be loaded: stories grouped without it
    ///   would replace those built with it.
    func writingModel() throws -> WriterModel {
        guard !noModel else { return WriterModel(embedder: nil, note: nil) }
        let environment = ProcessInfo.processInfo.environment
        do throws(SemanticLayer.UnusableModel) {
            guard let embedder = try SemanticLayer.load(explicit: model, environment: environment) else {
                return WriterModel(embedder: nil, note: SemanticLayer.noModelLine(environment: environment, reading: false))
            }
            return WriterModel(embedder: embedder, note: nil)
        } catch {
            throw UnusableModelError(model: error)
        }
    }
}

/// A writer's model, loaded before the command writes anything (``ModelOption/writingModel()``).
struct WriterModel {
    /// The embedder, or nil: stories and facts on words, names and time only.
    let embedder: SentenceEmbedder?
    /// The line that says no model was asked for and what that changes, or nil.
    let note: String?

    /// The embedder, after the note on stderr if there is one: called where the analysis starts,
    /// so that a command that fails before it (an unwritable database) says only why.
    func noted() -> SentenceEmbedder? {
        if let note { printError(note) }
        return embedder
    }
}

/// A writer's model that cannot be loaded (``BylinePipeline/SemanticLayer/UnusableModel``): the
/// command stops before writing anything, since stories grouped without the model would replace
/// those built with it.
struct UnusableModelError: Error, CustomStringConvertible {
    var model: SemanticLayer.UnusableModel
    var description: String {
        "\(model); nothing was written (stories grouped without the model would replace those built with it): "
            + "give a usable model (scripts/install-model [DIR] installs one), or --no-model to group on words, names and time only"
    }
}
