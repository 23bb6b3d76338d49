public import BylineStore
public import BylineEmbed
public import BylineFacts

/// The sentence embeddings of fact units (``BylineFacts/FactEngine/unitTexts(of:hygiene:)``):
/// read from the store, and computed and saved for the sentences it lacks, so that each sentence
/// is embedded once whatever story or report it appears in. Without a model (a reader that has
/// none) it gives what is stored, so that the same database gives the same facts whoever reads it,
/// and says on the notice which sentences it lacks (their stories are aligned on words).
public struct FactEmbedder: Sendable {
    /// The store the vectors are kept in.
    public let store: any AnalysisStore
    /// The model (the one the stories are grouped with; its vectors are stored under
    /// ``Analysis/embeddingModelName``), or nil: only the stored vectors are given.
    public let embedder: SentenceEmbedder?
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
    /// ``BylineFacts/FactEngine/analyze(_:hygiene:wireGroups:vectors:tokens:clauseMarkers:settings:outlets:)``
    /// finds a sentence's background clause by; looked up once, when the embedder is made, and
    /// without a model those of the model the stored word pieces come from
    /// (``Analysis/storedClauseMarkers``).
    public let clauseMarkers: Set<Int32>
    /// Whether the command was told to use no model (`--no-model`) rather than found none: the
    /// notice on sentences without a stored vector then says so, and that the same command
    /// without `--no-model` embeds them for itself.
    public let modelDeclined: Bool

    /// Creates an embedder of fact units.
    ///
    /// - Parameters:
    ///   - embedder: the model, or nil (see ``embedder``).
    ///   - saving: whether computed vectors are saved in the store (false: kept in memory for
    ///     this run; a read-only store never saves).
    ///   - analysisStopped: see ``analysisStopped``.
    ///   - modelDeclined: see ``modelDeclined``.
    public init(store: any AnalysisStore, embedder: SentenceEmbedder?, notice: (@Sendable (String) -> Void)? = nil, saving: Bool = true,
                analysisStopped: Bool = false, modelDeclined: Bool = false) {
        self.store = store
        self.embedder = embedder
        self.notice = notice
        self.saving = saving
        self.analysisStopped = analysisStopped
        self.modelDeclined = modelDeclined
        clauseMarkers = embedder.map { model in FactEngine.clauseMarkers { Array(model.tokenIDs($0).dropFirst().dropLast()) } }
            ?? Analysis.storedClauseMarkers
    }

    /// How many sentences are embedded, and saved, at a time: a kill loses at most one batch, and
    /// a stop (`shouldStop`) waits for at most one.
    static let batch = 128

    /// Sentence -> unit vector for every sentence of `texts`: the sentence vectors of
    /// ``embeddings(for:shouldStop:)``.
    public func vectors(for texts: [String], shouldStop: (() -> Bool)? = nil) async -> [String: [Float]] {
        await embedded(texts, shouldStop: shouldStop).vectors
    }

    /// The sentence vector (a unit vector of ``BylineEmbed/SentenceEmbedder/dimension`` Floats)
    /// and the word-piece embeddings (``BylineFacts/TokenVectors``, which the fact engine aligns
    /// a story's sentences by, token to token) of every sentence of `texts`.
    ///
    /// Stored ones are read; a sentence that lacks either is run through the model once, in
    /// batches of ``batch``, for both (``BylineEmbed/SentenceEmbedder/embedWithTokens(_:)``), and
    /// both are saved (unless ``saving`` is false: then kept in memory for this run). The word
    /// pieces computed are given as the store gives them back (8 bits a value,
    /// ``BylineStore/Store/quantized(_:rows:)``), so that the facts are the same whether they
    /// were stored or not. When the store cannot be read or written (read-only, full disk), the
    /// vectors are computed and kept in memory for this run: only the next run pays again. A
    /// sentence vector that is not finite is left out (the story it belongs to is aligned on
    /// words), as are word pieces that are not (the story is aligned by the sentence vectors).
    /// `shouldStop` is asked after each batch: true leaves the sentences not yet embedded out.
    public func embeddings(for texts: [String], shouldStop: (() -> Bool)? = nil) async -> (vectors: [String: [Float]], tokens: [String: TokenVectors]) {
        let run = await embedded(texts, shouldStop: shouldStop)
        return (run.vectors, run.tokens)
    }

    /// ``embeddings(for:shouldStop:)``, whether `shouldStop` ended it with sentences left,
    /// whether every sentence it lacked was embedded and saved (false: it stopped, the store
    /// could not be written, or it does not save), and the error of the first save that failed
    /// (the rest were then kept in memory only), or nil; with `lacking`, the distinct sentences
    /// that lacked a stored vector or stored word pieces (what the model is run for, and what
    /// the notice before a long run counts when saving), and `saved`, how many of those this run
    /// embedded and saved both of (0 when it does not save). A sentence with a stored vector but
    /// no word pieces (a writer killed between the two saves) is among both: it is run again.
    func embedded(_ texts: [String], shouldStop: (() -> Bool)? = nil) async
        -> (vectors: [String: [Float]], tokens: [String: TokenVectors], stopped: Bool, stored: Bool, failure: StoreError?,
            lacking: Set<String>, saved: Int) {
        var seen: Set<String> = []
        let unique = texts.filter { seen.insert($0).inserted }
        var result = (try? await store.unitEmbeddings(model: Analysis.embeddingModelName, texts: unique)) ?? [:]
        var tokens: [String: TokenVectors] = [:]
        for (text, stored) in (try? await store.unitTokens(model: Analysis.embeddingModelName, texts: unique)) ?? [:] {
            tokens[text] = TokenVectors(ids: stored.ids, vectors: stored.vectors)
        }
        // One run of the model gives a sentence both; a reader's notices count the sentences
        // without a vector (a store of an earlier Byline has vectors without word pieces).
        let missing = unique.filter { result[$0] == nil || tokens[$0] == nil }
        guard let embedder else {
            if !missing.isEmpty {
                let vectors = missing.count(where: { result[$0] == nil })
                let lacking = vectors > 0 ? "no stored vector" : "no stored word pieces"
                let one = missing.count == 1
                // Told to use none (`--no-model`), the reader says so and that the same command
                // without it embeds them (a model was maybe installed all along); with none
                // found, that an analysis with the model stores them.
                let why = modelDeclined ? "--no-model embeds none of \(one ? "it" : "them")" : "there is no model to embed \(one ? "it" : "them")"
                let remedy = modelDeclined ? "the same command with the model (without --no-model) embeds \(one ? "it" : "them") for itself"
                    : "\(Analysis.analyzeCommand) with the model stores \(one ? "it" : "them")"
                notice?("\(one ? "1 fact sentence has" : "\(missing.count) fact sentences have") \(lacking) and \(why): "
                        + "\(one ? "the story that holds it is" : "the stories that hold them are") "
                        + "\(vectors > 0 ? "aligned on words" : "aligned by sentence vectors only"), unlike with the model; \(remedy)")
            }
            return (result, tokens, false, missing.isEmpty, nil, Set(missing), 0)
        }
        var saving = self.saving && !store.isReadOnly
        let unembedded = saving ? missing.count : missing.count(where: { result[$0] == nil })
        if saving, unembedded >= 2_000 {
            notice?("embedding \(unembedded) sentences of facts by meaning (once: the vectors are stored for later runs)")
        } else if !saving, analysisStopped, unembedded > 0 {
            notice?("embedding \(unembedded == 1 ? "1 sentence" : "\(unembedded) sentences") of facts by meaning for this command only: an analysis was stopped before "
                    + "it stored their vectors (\(Analysis.analyzeCommand) stores them, once)")
        } else if !saving, unembedded >= 2_000 {
            notice?("embedding \(unembedded) sentences of facts by meaning for this command only: no vectors of theirs are stored yet "
                    + "(a reader writes none; an import, pull or run still at work, or \(Analysis.analyzeCommand), stores them)")
        }
        var stored = saving || missing.isEmpty
        var stopped = false
        var failure: StoreError?
        var saved = 0
        var start = 0
        while start < missing.count {
            let chunk = Array(missing[start..<min(missing.count, start + Self.batch)])
            start += chunk.count
            let run = zip(chunk, embedder.embedWithTokens(chunk)).map { text, output in
                (text: text, vector: output.vector, ids: output.ids, vectors: output.vectors,
                 vectorIsFinite: !output.vector.isEmpty && output.vector.allSatisfy(\.isFinite), tokensAreFinite: output.vectors.allSatisfy(\.isFinite))
            }
            // Saved, a sentence has both or neither (so that the next run embeds it again).
            let finite = saving ? run.filter { $0.vectorIsFinite && $0.tokensAreFinite } : run
            for sentence in finite {
                if sentence.vectorIsFinite, result[sentence.text] == nil { result[sentence.text] = sentence.vector }
                if sentence.tokensAreFinite, tokens[sentence.text] == nil {
                    tokens[sentence.text] = TokenVectors(ids: sentence.ids, vectors: Self.asStored(sentence.vectors, rows: sentence.ids.count))
                }
            }
            if saving {
                do throws(StoreError) {
                    try await store.saveUnitEmbeddings(finite.map { (text: $0.text, vector: $0.vector) }, model: Analysis.embeddingModelName)
                    try await store.saveUnitTokens(finite.map { (text: $0.text, ids: $0.ids, vectors: $0.vectors) },
                                                   model: Analysis.embeddingModelName)
                    saved += finite.count
                } catch {
                    saving = false
                    stored = false
                    failure = error
                }
            }
            if start < missing.count, shouldStop?() == true {
                (stopped, stored) = (true, false)
                break
            }
        }
        return (result, tokens, stopped, stored, failure, Set(missing), saved)
    }

    /// Word-piece vectors (`rows` rows) as the store reads them back after saving them (8 bits a
    /// value, ``BylineStore/Store/quantized(_:rows:)``); as they are when there are none.
    static func asStored(_ vectors: [Float], rows: Int) -> [Float] {
        Store.dequantized(Store.quantized(vectors, rows: rows), rows: rows) ?? vectors
    }
}
