import ArgumentParser
import BylinePipeline
import BylineStore
import Foundation

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Bring the saved stories (and the sentence vectors of their facts) up to date with the stored items.",
        discussion: """
            pull, run and import do this after they store new items; the reading commands \
            (stories, compare, report, outlets) only read what it saved. Run it after an \
            upgrade of Byline, on a database another program filled, or with --rebuild to \
            recompute every story from scratch (story ids are then given anew from 1, and the \
            recorded merges and splits replaced). One process at a time analyses a store (on \
            PostgreSQL an advisory lock, on SQLite a lock on <db>-analysis.lock): analyze waits \
            for another's analysis (a pull's, an import's, a run's) to end, saying so on stderr, \
            then runs. \
            SIGINT or SIGTERM stops it after the model's batch of vectors in progress (saved), says \
            what was kept and exits 130 (143); analyze again goes on from there.
            """)

    @OptionGroup var database: DatabaseOption
    @OptionGroup var semantic: ModelOption

    @Flag(help: "Recompute every story from scratch instead of placing only the items no story holds.")
    var rebuild = false

    func run() async throws {
        try await reportingErrors {
            if !database.isPostgres && !FileManager.default.fileExists(atPath: database.db) {
                throw database.noDatabase()
            }
            // Before the store is opened (and perhaps upgraded): a model asked for that cannot be
            // loaded stops the analysis with nothing written.
            let model = try semantic.writingModel()
            let store = try await database.openForWriting()
            let embedder = model.noted()
            try await Interruption.trapping { interruption in
                let stop = { interruption.requested }
                let update = try await using(store) {
                    let first = try await Analysis.update(store, embedder: embedder, rebuild: rebuild, notice: { printError($0) },
                                                          shouldStop: stop)
                    guard first.busy else { return first }
                    printError("waiting for another process's analysis of \(store.location) to end")
                    return try await Analysis.update(store, embedder: embedder, rebuild: rebuild, waitForLock: true,
                                                     notice: { printError($0) }, shouldStop: stop)
                }
                print(describeAnalysis(update))
                if let failure = factsNotStoredLine(update, goOn: "\(CommandLineHint.analyze(database, semantic)) again") {
                    printError(failure)
                    throw ExitCode.failure
                }
                if update.stopped, let signal = interruption.signal {
                    printError("stopped by \(signal): \(keptLine(update)); \(CommandLineHint.analyze(database, semantic)) goes on from there")
                    throw interruption.exitCode
                }
                if let signal = interruption.signal {
                    printError("\(signal) came when nothing was left to stop: the analysis finished, everything is saved")
                }
            }
        }
    }
}

/// `stories: 12 items placed: 3 new stories, 1 merge, 0 splits; 9 stories touched; 40 fact sentences embedded`.
func describeAnalysis(_ update: AnalysisUpdate) -> String {
    func stories(_ count: Int) -> String { count == 1 ? "1 story" : "\(count) stories" }
    if update.busy {
        return "stories: another process is analysing the store; skipped this time (its analysis or the next places the new items)"
    }
    if update.stopped && update.itemTextsLeft > 0 {
        let total = update.embeddedItemTexts + update.itemTextsLeft
        return "stories: stopped while embedding item texts: \(update.embeddedItemTexts) of \(total) embedded and stored; "
            + "the next pull, run, import or analyze embeds the \(update.itemTextsLeft) left and places the new items"
    }
    var line = "stories: \(counted(update.placedItems, "item")) placed: \(count(update.newStories, "new ", stories)), "
        + "\(counted(update.merges, "merge")), \(counted(update.splits, "split")); \(stories(update.touchedStories)) touched"
    if update.embeddedSentences > 0 {
        line += "; \(counted(update.embeddedSentences, "fact sentence")) embedded"
        if update.earlierStories > 0 {
            let more = update.touchedStories > 0 ? "the touched stories and \(update.earlierStories) more" : stories(update.earlierStories)
            line += " (of \(more) that an earlier analysis left unembedded)"
        }
    }
    if !update.saved { line += "; not saved (other processes kept saving stories; the next analysis places them)" }
    if update.stopped {
        line += "; stopped with \(counted(update.factSentencesLeft, "fact sentence")) left (the next pull, run, import or analyze embeds them)"
    }
    return line
}

/// What a stopped analysis kept: the item texts embedded and stored, or the stories saved with
/// the fact sentences embedded before the stop (the next writer embeds the rest; reports
/// compute them in memory until then).
func keptLine(_ update: AnalysisUpdate) -> String {
    if update.stopped && update.itemTextsLeft > 0 {
        return "\(counted(update.embeddedItemTexts, "item text")) embedded and stored, \(update.itemTextsLeft) left, no story changed yet"
    }
    return "the stories are saved (\(counted(update.placedItems, "item")) placed), with \(counted(update.embeddedSentences, "fact sentence")) embedded and stored "
        + "and \(update.factSentencesLeft) left (reports compute those in memory meanwhile)"
}

/// The error line of an analysis that saved the stories but could not save the vectors of
/// their fact sentences (``BylinePipeline/AnalysisUpdate/factsNotStored``, a full disk), or nil:
/// the error, what is kept (`recorded`: what the command stored before, `every snapshot is
/// recorded and `), and `goOn`, the command that embeds the rest.
func factsNotStoredLine(_ update: AnalysisUpdate, recorded: String = "", goOn: String) -> String? {
    guard let error = update.factsNotStored else { return nil }
    return "\(error); \(recorded)the stories are saved (\(counted(update.placedItems, "item")) placed), with "
        + "\(counted(update.embeddedSentences, "fact sentence")) embedded and stored and \(update.factSentencesLeft) not stored "
        + "(reports compute those in memory meanwhile)" + goingOn(after: error, "\(goOn) embeds them")
}

/// `new 3 stories` reads badly: `3 new stories`.
private func count(_ value: Int, _ adjective: String, _ noun: (Int) -> String) -> String {
    let phrase = noun(value)
    guard let space = phrase.firstIndex(of: " ") else { return phrase }
    return phrase[..<space] + " " + adjective + phrase[phrase.index(after: space)...]
}
