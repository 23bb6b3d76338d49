import Foundation
public import BylineEmbed

/// Finding and loading the sentence-embedding model for the commands.
public enum SemanticLayer {
    /// How many tokens of an item's text (its title, then its summary) are embedded, `[CLS]` and
    /// `[SEP]` included: about a title and the summary's first sentence or two. The encoder's cost
    /// grows with the tokens; 64 and 128 tokens group the gold set and the October labels alike.
    public static let tokens = 64

    /// A model that was asked for (`--model`, `$BYLINE_MODEL`, or the default folder, which
    /// exists) but cannot be used: missing, incomplete, truncated or malformed files, or weights
    /// that compute no usable vectors.
    public struct UnusableModel: Error, Sendable, CustomStringConvertible {
        /// Where the folder was named: `--model: `, `BYLINE_MODEL: `, or empty for the default folder.
        public var source: String
        /// What is wrong, naming the file or folder (``BylineEmbed/EmbeddingError``'s line:
        /// `truncated file /m/model.safetensors: expected at least 90868376 bytes, found 1000000`).
        public var problem: String
        /// `--model: truncated file ...`: the source, then the problem.
        public var description: String { source + problem }
    }

    /// Loads the model found by ``BylineEmbed/ModelLocation/resolve(explicit:environment:)``.
    ///
    /// - Parameters:
    ///   - explicit: a folder the user named (`--model`), or nil.
    ///   - environment: the process environment (`BYLINE_MODEL`, `XDG_DATA_HOME`, `HOME`).
    /// - Returns: the embedder, or nil when no model was asked for: no `explicit` folder, no
    ///   `BYLINE_MODEL`, and no default folder.
    /// - Throws: ``UnusableModel`` when a model was asked for and cannot be used.
    public static func load(explicit: String?, environment: [String: String]) throws(UnusableModel) -> SentenceEmbedder? {
        guard let directory = ModelLocation.resolve(explicit: explicit, environment: environment) else { return nil }
        let source = explicit.map { !$0.isEmpty } == true ? "--model: "
            : environment[ModelLocation.environmentVariable].map { !$0.isEmpty } == true ? "\(ModelLocation.environmentVariable): " : ""
        let embedder: SentenceEmbedder
        do {
            embedder = try SentenceEmbedder(directory: directory, maxTokens: tokens)
        } catch {
            throw UnusableModel(source: source, problem: "\(error)")
        }
        // Weights that load but compute nothing usable (NaN, infinities) must not reach the store.
        guard let probe = embedder.embed(["Byline checks the model"]).first, probe.allSatisfy(\.isFinite),
              abs(probe.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3 else {
            throw UnusableModel(source: source, problem: "the embedding model at \(directory.path) gives no usable vectors (its weights are not numbers)")
        }
        return embedder
    }

    /// The line that says no model was asked for (none given and none at the default folder) and
    /// what that changes: a writer (`reading` false) groups stories and facts on words, names
    /// and time only; a reader shows the saved stories and the stored vectors of their facts.
    public static func noModelLine(environment: [String: String], reading: Bool) -> String {
        "no embedding model at \(ModelLocation.defaultDirectory(environment: environment).path) (see --model)" + fallback(reading: reading)
    }

    /// What a command does without the model, after the line saying why (`; stories and ...`).
    static func fallback(reading: Bool) -> String {
        reading
            ? "; the saved stories and the stored vectors of their facts are shown as with the model (only what no analysis saved yet is grouped on words, names and time)"
            : "; stories and facts are grouped on words, names and time only"
    }

    /// Loads the model as ``load(explicit:environment:)`` does, for a reading command (or any
    /// command that may go on without it): where there is no usable model, `warn` gets one line
    /// saying why and what that changes, and the result is nil.
    ///
    /// - Parameters:
    ///   - explicit: a folder the user named (`--model`), or nil.
    ///   - environment: the process environment (`BYLINE_MODEL`, `XDG_DATA_HOME`, `HOME`).
    ///   - reading: whether the command only reads the saved analysis (`stories`, `compare`,
    ///     `report`, `outlets`): it then shows the saved stories and the stored vectors of fact
    ///     sentences as a reader with the model does, and only what no analysis saved is grouped
    ///     lexically; a writer groups what it places lexically.
    ///   - warn: called once, with one line, when no model is used and why (none installed, or
    ///     the files are missing, truncated or malformed), and what that changes (`reading`).
    /// - Returns: the embedder, or nil.
    public static func embedder(explicit: String?, environment: [String: String], reading: Bool = false,
                                warn: (String) -> Void) -> SentenceEmbedder? {
        do {
            guard let embedder = try load(explicit: explicit, environment: environment) else {
                warn(noModelLine(environment: environment, reading: reading))
                return nil
            }
            return embedder
        } catch {
            warn("\(error)" + fallback(reading: reading))
            return nil
        }
    }
}
