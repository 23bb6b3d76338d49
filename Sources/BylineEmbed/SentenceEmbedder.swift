import Foundation
import Synchronization

/// Computes all-MiniLM-L6-v2 sentence embeddings on the CPU.
///
/// Loads a WordPiece tokenizer from `tokenizer.json` and a 6-layer BERT encoder
/// from `model.safetensors` (plus `config.json` when present), then maps each
/// text to the mean of its token states, L2-normalised. The instance is
/// immutable after `init` and safe to use from several threads at once; each
/// ``embed(_:)`` call allocates its own scratch memory.
///
/// Memory: the weights take about 90 MB; an ``embed(_:)`` call needs at most
/// about 19 MB of scratch space (2048 tokens × 2304 Floats, plus 64 KB of
/// attention scores per thread).
///
/// Threads: ``embed(_:)`` splits its work across ``threadCount`` threads and
/// blocks the caller until done, so call it off the main thread for large
/// batches. It runs OpenBLAS single-threaded (see
/// ``init(directory:maxTokens:threads:)``).
public final class SentenceEmbedder: Sendable {
    /// Length of every embedding vector.
    public static let dimension = 384

    /// Maximum number of token ids per text, counting `[CLS]` and `[SEP]`.
    /// Longer texts are truncated (the end is dropped).
    public let maxTokens: Int

    /// Number of threads one ``embed(_:)`` call uses.
    public let threadCount: Int

    private let tokenizer: WordPieceTokenizer
    private let encoder: BertEncoder
    private let encoded = Atomic<Int>(0)

    /// How many texts the encoder has run over since this embedder was made: each text of each
    /// ``embed(_:)``, ``tokenEmbeddings(_:)`` and ``embedWithTokens(_:)`` call counts once (a
    /// text given twice counts twice). What a caller checks that it runs the model once per text.
    public var encodedTexts: Int { encoded.load(ordering: .relaxed) }

    /// Texts per forward pass.
    static let maximumBatchTexts = 64
    /// Tokens per forward pass (all texts of the batch together).
    static let maximumBatchTokens = 2048

    /// Loads the model from `directory`.
    ///
    /// - Parameters:
    ///   - directory: a folder with `tokenizer.json` and `model.safetensors`
    ///     (see ``ModelLocation``).
    ///   - maxTokens: the token cap per text including `[CLS]` and `[SEP]`;
    ///     between 2 and the model's number of position embeddings (512).
    ///   - threads: threads per ``embed(_:)`` call; `nil` means one per active
    ///     processor. Values below 1 count as 1.
    ///
    /// Side effect: loads OpenBLAS (on the first call in the process) and sets
    /// it to one thread per call, process-wide (`openblas_set_num_threads(1)`),
    /// because the embedder parallelises the products itself.
    /// - Throws:
    ///   - ``EmbeddingError/modelNotFound(path:)`` if `directory` is not a directory;
    ///   - ``EmbeddingError/fileMissing(path:)`` if `tokenizer.json` or
    ///     `model.safetensors` is absent;
    ///   - ``EmbeddingError/unreadable(path:reason:)`` on an I/O error;
    ///   - ``EmbeddingError/truncated(path:expectedBytes:actualBytes:)`` if
    ///     `model.safetensors` is shorter than its header says;
    ///   - ``EmbeddingError/malformed(path:reason:)`` for invalid JSON, an
    ///     unsupported tokenizer or model configuration, or a non-F32 tensor;
    ///   - ``EmbeddingError/missingTensor(path:tensor:)`` and
    ///     ``EmbeddingError/shapeMismatch(path:tensor:expected:actual:)`` for a
    ///     checkpoint that does not fit the encoder;
    ///   - ``EmbeddingError/invalidMaxTokens(requested:allowed:)`` for a cap out of range;
    ///   - ``EmbeddingError/blasUnavailable(reason:)`` when OpenBLAS cannot be loaded.
    public init(directory: URL, maxTokens: Int = 128, threads: Int? = nil) throws(EmbeddingError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue
        else { throw .modelNotFound(path: directory.path) }

        let tokenizerURL = directory.appendingPathComponent("tokenizer.json")
        let weightsURL = directory.appendingPathComponent("model.safetensors")
        for url in [tokenizerURL, weightsURL] where !FileManager.default.fileExists(atPath: url.path) {
            throw .fileMissing(path: url.path)
        }

        let configuration = try BertConfiguration(directory: directory)
        let allowed = 2...configuration.maxPositionEmbeddings
        guard allowed.contains(maxTokens) else {
            throw .invalidMaxTokens(requested: maxTokens, allowed: allowed)
        }
        let tokenizer = try WordPieceTokenizer(contentsOf: tokenizerURL)
        let encoder = try BertEncoder(file: SafeTensorsFile(contentsOf: weightsURL), configuration: configuration)
        guard tokenizer.vocabularySize <= encoder.vocabularySize else {
            throw .malformed(
                path: tokenizerURL.path,
                reason: "token ids go up to \(tokenizer.vocabularySize - 1) but the model has \(encoder.vocabularySize) word embeddings")
        }
        if let reason = DenseKernels.blasFailure { throw .blasUnavailable(reason: reason) }
        self.maxTokens = maxTokens
        self.threadCount = min(max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount), 64)
        self.tokenizer = tokenizer
        self.encoder = encoder
    }

    /// The token ids the model sees for `text`: `[CLS]` (101), at most
    /// `maxTokens - 2` WordPiece ids, `[SEP]` (102). Identical to the
    /// Hugging Face `tokenizers` output for the same `tokenizer.json` with
    /// truncation to `maxTokens`.
    ///
    /// Runs in time proportional to `maxTokens` for ordinary text, however long
    /// `text` is: reading stops once the cap is reached.
    public func tokenIDs(_ text: String) -> [Int32] {
        tokenizer.encode(text, maxTokens: maxTokens)
    }

    /// Embeds texts.
    ///
    /// - Parameter texts: any strings; an empty string gets the embedding of
    ///   `[CLS] [SEP]`. Texts longer than ``maxTokens`` tokens are truncated.
    /// - Returns: one vector of ``dimension`` (384) Floats per text, in the same
    ///   order, each with Euclidean norm 1. Texts are processed in batches of up
    ///   to 64 texts or 2048 tokens; the result does not depend on batching
    ///   beyond float rounding.
    public func embed(_ texts: [String]) -> [[Float]] {
        run(texts) { encoder.embed($0, workspace: $1) }
    }

    /// The contextual embedding of each word piece of each text: the encoder's last hidden
    /// state of every token between `[CLS]` and `[SEP]`, each scaled to Euclidean norm 1 (a
    /// text of no word pieces gets none). These are what ``embed(_:)`` averages; aligning them
    /// token by token (BERTScore, Zhang et al. 2020) tells two sentences that share a claim from
    /// two that share only a topic better than the averaged vectors do.
    ///
    /// - Parameter texts: any strings, truncated at ``maxTokens`` tokens as in ``embed(_:)``.
    /// - Returns: per text, in order, its word-piece ids and their vectors (``dimension`` Floats
    ///   per id, row by row).
    public func tokenEmbeddings(_ texts: [String]) -> [(ids: [Int32], vectors: [Float])] {
        let states = run(texts) { encoder.tokenStates($0, workspace: $1) }
        return zip(texts.map(tokenIDs), states).map(Self.wordPieces)
    }

    /// ``embed(_:)`` and ``tokenEmbeddings(_:)`` of the same texts from one run of the model.
    public func embedWithTokens(_ texts: [String]) -> [(vector: [Float], ids: [Int32], vectors: [Float])] {
        let results = run(texts) { encoder.embedWithTokenStates($0, workspace: $1) }
        return zip(texts.map(tokenIDs), results).map { ids, result in
            let pieces = Self.wordPieces(ids, result.states)
            return (result.pooled, pieces.ids, pieces.vectors)
        }
    }

    /// The word pieces of one sequence (`[CLS]` and `[SEP]` dropped) and their hidden states,
    /// each row scaled to norm 1.
    private static func wordPieces(_ ids: [Int32], _ rows: [Float]) -> (ids: [Int32], vectors: [Float]) {
        let hidden = dimension
        let count = max(0, ids.count - 2)
        var vectors = [Float](repeating: 0, count: count * hidden)
        for token in 0..<count {
            let row = (token + 1) * hidden
            var norm: Float = 0
            for column in 0..<hidden { norm += rows[row + column] * rows[row + column] }
            let inverse = norm > 0 ? 1 / norm.squareRoot() : 0
            for column in 0..<hidden { vectors[token * hidden + column] = rows[row + column] * inverse }
        }
        return (Array(ids.dropFirst().prefix(count)), vectors)
    }

    /// Runs `body` over the texts' token ids in batches of at most ``maximumBatchTexts`` texts
    /// and ``maximumBatchTokens`` tokens, one workspace for all; its results in the texts' order.
    private func run<T>(_ texts: [String], _ body: ([[Int32]], EncoderWorkspace) -> [T]) -> [T] {
        guard !texts.isEmpty else { return [] }
        encoded.add(texts.count, ordering: .relaxed)
        let sequences = texts.map(tokenIDs)
        let longest = sequences.map(\.count).max() ?? 2
        let total = sequences.reduce(0) { $0 + $1.count }
        let workspace = EncoderWorkspace(
            tokenCapacity: min(total, max(Self.maximumBatchTokens, longest)),
            sequenceCapacity: longest,
            workers: threadCount,
            configuration: encoder.configuration)

        var results: [T] = []
        results.reserveCapacity(texts.count)
        var start = 0
        while start < sequences.count {
            var end = start
            var tokens = 0
            while end < sequences.count, end - start < Self.maximumBatchTexts,
                  tokens + sequences[end].count <= workspace.tokenCapacity {
                tokens += sequences[end].count
                end += 1
            }
            results += body(Array(sequences[start..<end]), workspace)
            start = end
        }
        return results
    }
}
