public import BylineStore
public import BylineEmbed
public import BylineFacts

/// The sentence embeddings of fact units (``BylineFacts/FactEngine/unitTexts(of:hygiene:)``):
/// read from the store, and computed and saved for the sentences it lacks, so that each sentence
/// is embedded once whatever story or report it appears in.
public struct FactEmbedder: Sendable {
    /// The store the vectors are kept in.
    public let store: any AnalysisStore
    /// The model (the one the stories are grouped with; its vectors are stored under
    /// ``Analysis/embeddingModelName``).
    public let embedder: SentenceEmbedder
    /// Called once with one line before a long embedding run (2,000 sentences or more), or, for a
    /// reader of a store an analysis was stopped on (``analysisStopped``), before any run.
    public let notice: (@Sendable (String) -> Void)?
    /// Whether the vectors computed are saved (the analysis run by the writers), or only kept in
    /// memory (the reading commands, which never write).
    public let saving: Bool
    /// Whether the store records stories whose fact sentences an analysis was stopped before
    /// storing (``BylineStore/AnalysisStore/factsPending()`` not empty): a reader then says so
    /// before it embeds any of them, however few, instead of from 2,000 sentences.
    public let analysisStopped: Bool
    /// The word-piece ids of ``BylineFacts/FactEngine/clauseMarkerWords`` in the model's
    /// vocabulary (``BylineFacts/FactEngine/clauseMarkers(wordPieces:)``), what
    /// ``BylineFacts/FactEngine/analyze(_:hygiene:wireGroups:vectors:tokens:clauseMarkers:settings:)``
    /// finds a sentence's background clause by; looked up once, when the embedder is made.
    public let clauseMarkers: Set<Int32>

    /// Creates an embedder of fact units.
    ///
    /// - Parameters:
    ///   - saving: whether computed vectors are saved in the store (false: kept in memory for
    ///     this run; a read-only store never saves).
    ///   - analysisStopped: see ``analysisStopped``.
    public init(store: any AnalysisStore, embedder: SentenceEmbedder, notice: (@Sendable (String) -> Void)? = nil, saving: Bool = true,
                analysisStopped: Bool = false) {
        self.store = store
        self.embedder = embedder
        self.notice = notice
        self.saving = saving
        self.analysisStopped = analysisStopped
        clauseMarkers = FactEngine.clauseMarkers { Array(embedder.tokenIDs($0).dropFirst().dropLast()) }
    }

    /// The word-piece embeddings of every sentence of `texts` (``BylineFacts/TokenVectors``),
    /// which the fact engine aligns a story's sentences by, token to token: read from the store
    /// (the writers save them with the sentence vectors, ``vectors(for:)``), the others computed
    /// for this run and not saved. A sentence whose vectors are not finite is left out (its
    /// story is then aligned by the sentence vectors).
    public func tokenVectors(for texts: [String]) async -> [String: TokenVectors] {
        var seen: Set<String> = []
        let unique = texts.filter { seen.insert($0).inserted }
        var result: [String: TokenVectors] = [:]
        for (text, stored) in (try? await store.unitTokens(model: Analysis.embeddingModelName, texts: unique)) ?? [:] {
            result[text] = TokenVectors(ids: stored.ids, vectors: stored.vectors)
        }
        let missing = unique.filter { result[$0] == nil }
        var start = 0
        while start < missing.count {
            let chunk = Array(missing[start..<min(missing.count, start + Self.batch)])
            start += chunk.count
            for (text, embedded) in zip(chunk, embedder.tokenEmbeddings(chunk)) where embedded.vectors.allSatisfy(\.isFinite) {
                result[text] = TokenVectors(ids: embedded.ids, vectors: embedded.vectors)
            }
        }
        return result
    }

    /// How many sentences are embedded, and saved, at a time: a kill loses at most one batch, and
    /// a stop (`shouldStop`) waits for at most one.
    static let batch = 128

    /// Sentence -> unit vector for every sentence of `texts`.
    ///
    /// Stored vectors are read; the others are computed in batches of ``batch`` and saved (unless
    /// ``saving`` is false: then kept in memory). When saving, the same run of the model also
    /// saves each sentence's word-piece embeddings (``tokenVectors(for:)``), and a stored sentence
    /// that lacks them (a store of an earlier Byline) is run again for them. When the
    /// store cannot be read or written (read-only, full disk), the vectors are computed and kept
    /// in memory for this run: the facts are the same, only the next run pays again. A vector
    /// that is not finite is left out, and the story it belongs to is aligned on words.
    /// `shouldStop` is asked after each batch: true leaves the sentences not yet embedded out.
    public func vectors(for texts: [String], shouldStop: (() -> Bool)? = nil) async -> [String: [Float]] {
        await embedded(texts, shouldStop: shouldStop).vectors
    }

    /// ``vectors(for:shouldStop:)``, whether `shouldStop` ended it with sentences left, and
    /// whether every sentence it lacked was embedded and saved (false: it stopped, the store
    /// could not be written, or it does not save).
    func embedded(_ texts: [String], shouldStop: (() -> Bool)? = nil) async -> (vectors: [String: [Float]], stopped: Bool, stored: Bool) {
        var seen: Set<String> = []
        let unique = texts.filter { seen.insert($0).inserted }
        var result = (try? await store.unitEmbeddings(model: Analysis.embeddingModelName, texts: unique)) ?? [:]
        var saving = self.saving && !store.isReadOnly
        let withTokens = saving ? Set(((try? await store.unitTokens(model: Analysis.embeddingModelName, texts: unique)) ?? [:]).keys) : []
        let missing = unique.filter { result[$0] == nil || (saving && !withTokens.contains($0)) }
        if saving, missing.count >= 2_000 {
            notice?("embedding \(missing.count) sentences of facts by meaning (once: the vectors are stored for later runs)")
        } else if !saving, analysisStopped, !missing.isEmpty {
            notice?("embedding \(missing.count == 1 ? "1 sentence" : "\(missing.count) sentences") of facts by meaning for this command only: an analysis was stopped before "
                    + "it stored their vectors (`byline analyze` stores them, once)")
        } else if !saving, missing.count >= 2_000 {
            notice?("embedding \(missing.count) sentences of facts by meaning for this command only: no vectors of theirs are stored yet "
                    + "(a reader writes none; an import, pull or run still at work, or `byline analyze`, stores them)")
        }
        var stored = saving || missing.isEmpty
        var stopped = false
        var start = 0
        while start < missing.count {
            let chunk = Array(missing[start..<min(missing.count, start + Self.batch)])
            start += chunk.count
            let embedded = zip(chunk, saving ? embedder.embedWithTokens(chunk) : embedder.embed(chunk).map { ($0, [], []) })
                .filter { !$0.1.vector.isEmpty && $0.1.vector.allSatisfy(\.isFinite) && $0.1.vectors.allSatisfy(\.isFinite) }
            let pairs = embedded.map { (text: $0.0, vector: $0.1.vector) }
            for pair in pairs where result[pair.text] == nil { result[pair.text] = pair.vector }
            if saving {
                do {
                    try await store.saveUnitEmbeddings(pairs, model: Analysis.embeddingModelName)
                    try await store.saveUnitTokens(embedded.map { (text: $0.0, ids: $0.1.ids, vectors: $0.1.vectors) },
                                                   model: Analysis.embeddingModelName)
                } catch {
                    saving = false
                    stored = false
                }
            }
            if start < missing.count, shouldStop?() == true {
                (stopped, stored) = (true, false)
                break
            }
        }
        return (result, stopped, stored)
    }
}
