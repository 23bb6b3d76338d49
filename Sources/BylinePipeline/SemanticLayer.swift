import Foundation
public import BylineEmbed

/// Finding and loading the sentence-embedding model for the commands.
public enum SemanticLayer {
    /// How many tokens of an item's text (its title, then its summary) are embedded, `[CLS]` and
    /// `[SEP]` included: about a title and the summary's first sentence or two. The encoder's cost
    /// grows with the tokens; 64 and 128 tokens group the gold set and the October labels alike.
    public static let tokens = 64

    /// Loads the model found by ``BylineEmbed/ModelLocation/resolve(explicit:environment:)``.
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
        let fallback = reading
            ? "; the saved stories and the stored vectors of their facts are shown as with the model (only what no analysis saved yet is grouped on words, names and time)"
            : "; stories and facts are grouped on words, names and time only"
        guard let directory = ModelLocation.resolve(explicit: explicit, environment: environment) else {
            warn("no embedding model at \(ModelLocation.defaultDirectory(environment: environment).path) (see --model)" + fallback)
            return nil
        }
        let source = explicit != nil ? "--model: " : environment[ModelLocation.environmentVariable] != nil ? "\(ModelLocation.environmentVariable): " : ""
        do {
            let embedder = try SentenceEmbedder(directory: directory, maxTokens: tokens)
            // Weights that load but compute nothing usable (NaN, infinities) must not reach the store.
            guard let probe = embedder.embed(["Byline checks the model"]).first, probe.allSatisfy(\.isFinite),
                  abs(probe.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3 else {
                warn(source + "the embedding model at \(directory.path) gives no usable vectors (its weights are not numbers)" + fallback)
                return nil
            }
            return embedder
        } catch {
            warn(source + "\(error)" + fallback)
            return nil
        }
    }
}
