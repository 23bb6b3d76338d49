import BylinePipeline
import BylinePostgres
import Foundation

/// A command for the user to run again, as the error lines and notes give it: `` `byline import
/// /data/sep --db /mnt/full.sqlite` ``, carrying the options that change what the command does
/// (`--db`, `--config`, `--model`, ...), each word shell-quoted when it needs to be, so that it
/// does the same when pasted into a shell.
struct CommandLineHint: CustomStringConvertible {
    /// The words after `byline`: the subcommand, its operands and options.
    var words: [String]

    /// A hint for `byline <subcommand>` with `words` (operands and options, unquoted).
    init(_ subcommand: String, _ words: [String] = []) {
        self.words = [subcommand] + words
    }

    /// The command with its words shell-quoted, in backquotes: `` `byline analyze --db 'my db.sqlite'` ``.
    var description: String {
        "`" + (["byline"] + words.map(Self.shellQuoted)).joined(separator: " ") + "`"
    }

    /// `word` as one shell word: unchanged when it holds only characters no shell treats
    /// specially (letters, digits, `_-./:=@%+,`), else in single quotes (a `'` inside as `'\''`).
    static func shellQuoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                               || "_-./:=@%+,".unicodeScalars.contains(scalar))
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension DatabaseOption {
    /// `--db` as a command to run again gives it: nothing for the default file, else the path,
    /// or the PostgreSQL URL with its password shown as `***` (a password stays out of error lines).
    var hintWords: [String] {
        guard db != DatabaseOption.defaultPath else { return [] }
        return ["--db", isPostgres ? PostgresLocation.withoutPassword(db) : db]
    }
}

extension ModelOption {
    /// `--model` (or `--no-model`) as a command to run again gives it (nothing when neither was given).
    var hintWords: [String] { noModel ? ["--no-model"] : model.map { ["--model", $0] } ?? [] }
}

extension FeedConfigOption {
    /// `--config` as a command to run again gives it (nothing for the default list).
    var hintWords: [String] { config == FeedConfigOption.standardPath ? [] : ["--config", config] }
}

extension CommandLineHint {
    /// `byline analyze` of `database` with `model`: the command that stores what a writer left
    /// (the stories, the vectors of item texts and fact sentences).
    static func analyze(_ database: DatabaseOption, _ model: ModelOption) -> CommandLineHint {
        CommandLineHint("analyze", database.hintWords + model.hintWords)
    }
}

extension ModelOption {
    /// This option for the `byline analyze` a reading command suggests: the analysis that stores
    /// what the reader computed for itself, with the model, so never `--no-model`.
    var forReadersAnalyze: ModelOption {
        var option = self
        option.noModel = false
        return option
    }
}

/// The notice a reading command passes to the pipeline: each line on stderr, with the
/// pipeline's `byline analyze` (``BylinePipeline/Analysis/analyzeCommand``) made the command
/// for this `database` and `model` (``CommandLineHint/analyze(_:_:)``; not `--no-model`).
func readerNotice(_ database: DatabaseOption, _ model: ModelOption) -> @Sendable (String) -> Void {
    let analyze = CommandLineHint.analyze(database, model.forReadersAnalyze).description
    return { printError($0.replacingOccurrences(of: Analysis.analyzeCommand, with: analyze)) }
}
