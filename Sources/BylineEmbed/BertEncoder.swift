/// The BERT encoder with mean pooling and L2 normalisation, computed in
/// Float32 with OpenBLAS.
///
/// A batch of sequences is packed into one [tokens, hidden] matrix without
/// padding, so every dense layer is one matrix product (split into row or
/// column blocks across worker threads); attention runs per sequence and head.
final class BertEncoder: Sendable {
    let configuration: BertConfiguration
    /// [vocabulary, hidden]
    private let wordEmbeddings: [Float]
    /// [maxPositionEmbeddings, hidden]
    private let positionEmbeddings: [Float]
    /// Row 0 of the token type embeddings, [hidden] (every token has type 0).
    private let tokenTypeEmbedding: [Float]
    private let embeddingNormScale: [Float]
    private let embeddingNormBias: [Float]
    private let layers: [BertLayer]
    /// Number of rows in the word embedding table; ids must be below this.
    let vocabularySize: Int

    /// Loads the weights, checking every tensor's presence and shape.
    /// - Throws: ``EmbeddingError/missingTensor(path:tensor:)``,
    ///   ``EmbeddingError/shapeMismatch(path:tensor:expected:actual:)`` or
    ///   ``EmbeddingError/malformed(path:reason:)``.
    init(file: SafeTensorsFile, configuration: BertConfiguration) throws(EmbeddingError) {
        self.configuration = configuration
        let hidden = configuration.hiddenSize
        let wordName = "embeddings.word_embeddings.weight"
        guard let (_, wordEntry) = file.entry(named: wordName) else {
            throw .missingTensor(path: file.path, tensor: wordName)
        }
        guard wordEntry.shape.count == 2, wordEntry.shape[0] > 0, wordEntry.shape[1] == hidden else {
            throw .shapeMismatch(path: file.path, tensor: wordName, expected: [wordEntry.shape.first ?? 0, hidden], actual: wordEntry.shape)
        }
        vocabularySize = wordEntry.shape[0]
        wordEmbeddings = try file.floats(wordName, shape: [vocabularySize, hidden])
        positionEmbeddings = try file.floats(
            "embeddings.position_embeddings.weight", shape: [configuration.maxPositionEmbeddings, hidden])
        let typeName = "embeddings.token_type_embeddings.weight"
        guard let (_, typeEntry) = file.entry(named: typeName) else {
            throw .missingTensor(path: file.path, tensor: typeName)
        }
        let typeRows = typeEntry.shape.first ?? 0
        guard typeEntry.shape.count == 2, typeRows >= 1, typeEntry.shape[1] == hidden else {
            throw .shapeMismatch(path: file.path, tensor: typeName, expected: [max(typeRows, 1), hidden], actual: typeEntry.shape)
        }
        tokenTypeEmbedding = Array(try file.floats(typeName, shape: [typeRows, hidden]).prefix(hidden))
        embeddingNormScale = try file.floats("embeddings.LayerNorm.weight", shape: [hidden])
        embeddingNormBias = try file.floats("embeddings.LayerNorm.bias", shape: [hidden])
        var layers: [BertLayer] = []
        for index in 0..<configuration.layers {
            layers.append(try BertLayer(index: index, from: file, configuration: configuration))
        }
        self.layers = layers
    }

    /// Encodes a batch of token id sequences.
    ///
    /// - Parameters:
    ///   - sequences: token ids, each non-empty, at most `workspace.sequenceCapacity`
    ///     long and below `maxPositionEmbeddings`; ids must be below
    ///     ``vocabularySize``; the total length is at most `workspace.tokenCapacity`.
    ///   - workspace: scratch buffers sized for the batch.
    /// - Returns: one mean-pooled, L2-normalised vector of `hiddenSize` values per sequence.
    func embed(_ sequences: [[Int32]], workspace: EncoderWorkspace) -> [[Float]] {
        let hidden = configuration.hiddenSize
        let offsets = encode(sequences, workspace: workspace)
        return sequences.indices.map { index in
            pooledVector(workspace.hidden + offsets[index] * hidden, rows: sequences[index].count)
        }
    }

    /// Encodes a batch like ``embed(_:workspace:)`` and returns each sequence's last hidden
    /// states instead of pooling them: `count x hiddenSize` values per sequence, row by row (one
    /// row per token, `[CLS]` and `[SEP]` included), not normalised.
    func tokenStates(_ sequences: [[Int32]], workspace: EncoderWorkspace) -> [[Float]] {
        let hidden = configuration.hiddenSize
        let offsets = encode(sequences, workspace: workspace)
        return sequences.indices.map { index in
            Array(UnsafeBufferPointer(start: workspace.hidden + offsets[index] * hidden, count: sequences[index].count * hidden))
        }
    }

    /// ``embed(_:workspace:)`` and ``tokenStates(_:workspace:)`` of one run of the encoder.
    func embedWithTokenStates(_ sequences: [[Int32]], workspace: EncoderWorkspace) -> [(pooled: [Float], states: [Float])] {
        let hidden = configuration.hiddenSize
        let offsets = encode(sequences, workspace: workspace)
        return sequences.indices.map { index in
            let start = workspace.hidden + offsets[index] * hidden
            return (pooledVector(start, rows: sequences[index].count),
                    Array(UnsafeBufferPointer(start: start, count: sequences[index].count * hidden)))
        }
    }

    /// Runs the encoder over a batch, leaving the last hidden states in `workspace.hidden`;
    /// returns each sequence's first row there.
    private func encode(_ sequences: [[Int32]], workspace: EncoderWorkspace) -> [Int] {
        let tokens = sequences.reduce(0) { $0 + $1.count }
        precondition(tokens <= workspace.tokenCapacity, "batch exceeds workspace")
        var offsets: [Int] = []
        offsets.reserveCapacity(sequences.count)
        var offset = 0
        for sequence in sequences {
            offsets.append(offset)
            offset += sequence.count
        }

        writeEmbeddings(sequences, into: workspace.hidden, workers: workspace.workers)
        for layer in layers {
            apply(layer, sequences: sequences, offsets: offsets, tokens: tokens, workspace: workspace)
        }
        return offsets
    }

    /// Word + position + token-type embeddings followed by LayerNorm.
    private func writeEmbeddings(_ sequences: [[Int32]], into output: UnsafeMutablePointer<Float>, workers: Int) {
        let hidden = configuration.hiddenSize
        wordEmbeddings.withUnsafeBufferPointer { words in
            positionEmbeddings.withUnsafeBufferPointer { positions in
                tokenTypeEmbedding.withUnsafeBufferPointer { type in
                    var row = 0
                    for sequence in sequences {
                        for (position, id) in sequence.enumerated() {
                            let line = output + row * hidden
                            let word = words.baseAddress! + Int(id) * hidden
                            let place = positions.baseAddress! + position * hidden
                            for column in 0..<hidden {
                                line[column] = word[column] + place[column] + type[column]
                            }
                            row += 1
                        }
                    }
                }
            }
        }
        let rows = sequences.reduce(0) { $0 + $1.count }
        layerNorm(output, rows: rows, scale: embeddingNormScale, bias: embeddingNormBias, workers: workers)
    }

    /// LayerNorm of `rows` rows of `hidden` values in place, split across workers.
    private func layerNorm(
        _ matrix: UnsafeMutablePointer<Float>, rows: Int, scale: [Float], bias: [Float], workers: Int
    ) {
        let hidden = configuration.hiddenSize
        let epsilon = configuration.layerNormEpsilon
        scale.withUnsafeBufferPointer { scale in
            bias.withUnsafeBufferPointer { bias in
                ParallelLoop.forEachRange(count: rows, workers: workers, minimumChunk: 64) { range in
                    DenseKernels.layerNorm(
                        matrix + range.lowerBound * hidden, rows: range.count, columns: hidden,
                        scale: scale.baseAddress!, bias: bias.baseAddress!, epsilon: epsilon)
                }
            }
        }
    }

    /// `output = input · weight + bias` for `rows` rows (`weight` is [k, n]).
    /// With `accumulate`, the product and bias are added to `output` instead.
    /// The product is split across workers by rows, or by columns when there
    /// are few rows; each part is an independent single-threaded GEMM.
    private func affine(
        _ input: UnsafePointer<Float>, rows: Int, k: Int, n: Int,
        weight: [Float], bias: [Float], into output: UnsafeMutablePointer<Float>, accumulate: Bool,
        workers: Int
    ) {
        bias.withUnsafeBufferPointer { bias in
            if accumulate {
                DenseKernels.addBias(bias.baseAddress!, to: output, rows: rows, columns: n)
            } else {
                DenseKernels.fillRows(output, with: bias.baseAddress!, rows: rows, columns: n)
            }
        }
        weight.withUnsafeBufferPointer { weight in
            let weight = weight.baseAddress!
            if workers <= 1 || n < 128 {
                DenseKernels.multiply(
                    m: rows, n: n, k: k, input, lda: k, weight, ldb: n,
                    beta: 1, output, ldc: n)
            } else if rows >= Self.minimumRowsPerWorker * workers {
                ParallelLoop.forEachRange(count: rows, workers: workers, minimumChunk: Self.minimumRowsPerWorker) { part in
                    DenseKernels.multiply(
                        m: part.count, n: n, k: k, input + part.lowerBound * k, lda: k, weight, ldb: n,
                        beta: 1, output + part.lowerBound * n, ldc: n)
                }
            } else {
                // Column blocks of a multiple of 16 keep rows aligned for the kernels.
                let blocks = n / 16
                ParallelLoop.forEachRange(count: blocks, workers: workers, minimumChunk: 4) { part in
                    let first = part.lowerBound * 16
                    let width = part.upperBound == blocks ? n - first : part.count * 16
                    DenseKernels.multiply(
                        m: rows, n: width, k: k, input, lda: k, weight + first, ldb: n,
                        beta: 1, output + first, ldc: n)
                }
            }
        }
    }

    /// Below this many rows per worker a product is split by columns instead.
    private static let minimumRowsPerWorker = 32

    /// One transformer layer, updating `workspace.hidden` in place.
    private func apply(
        _ layer: BertLayer, sequences: [[Int32]], offsets: [Int], tokens: Int, workspace: EncoderWorkspace
    ) {
        let hidden = configuration.hiddenSize
        let wide = 3 * hidden
        let intermediate = configuration.intermediateSize
        let heads = configuration.attentionHeads
        let headSize = configuration.headSize
        let x = workspace.hidden
        let projections = workspace.projections
        let context = workspace.context

        // Q, K, V for all tokens: [tokens, 3·hidden].
        affine(
            x, rows: tokens, k: hidden, n: wide,
            weight: layer.queryKeyValueWeight, bias: layer.queryKeyValueBias, into: projections, accumulate: false,
            workers: workspace.workers)

        // Scaled dot-product attention per sequence and head; each worker
        // takes every `workers`-th (sequence, head) pair and its own score buffer.
        let scale = 1 / Float(headSize).squareRoot()
        let pairs = sequences.count * heads
        let workers = min(workspace.workers, pairs)
        let scoreStride = workspace.sequenceCapacity * workspace.sequenceCapacity
        ParallelLoop.run(workers: workers) { worker in
            let scores = workspace.scores + worker * scoreStride
            for pair in stride(from: worker, to: pairs, by: workers) {
                let (index, head) = pair.quotientAndRemainder(dividingBy: heads)
                let length = sequences[index].count
                let query = projections + offsets[index] * wide + head * headSize
                let key = query + hidden
                let value = query + 2 * hidden
                DenseKernels.multiply(
                    m: length, n: length, k: headSize, alpha: scale,
                    query, lda: wide, key, ldb: wide, transposeB: true,
                    beta: 0, scores, ldc: length)
                DenseKernels.softmaxRows(scores, rows: length, columns: length, stride: length)
                DenseKernels.multiply(
                    m: length, n: headSize, k: length,
                    scores, lda: length, value, ldb: wide,
                    beta: 0, context + offsets[index] * hidden + head * headSize, ldc: hidden)
            }
        }

        // Output projection added to the residual in place, then LayerNorm.
        affine(
            context, rows: tokens, k: hidden, n: hidden,
            weight: layer.attentionOutputWeight, bias: layer.attentionOutputBias, into: x, accumulate: true,
            workers: workspace.workers)
        layerNorm(x, rows: tokens, scale: layer.attentionNormScale, bias: layer.attentionNormBias, workers: workspace.workers)

        // Feed-forward GELU(x · W1 + b1) · W2 + b2, added to the residual, then LayerNorm.
        affine(
            x, rows: tokens, k: hidden, n: intermediate,
            weight: layer.intermediateWeight, bias: layer.intermediateBias, into: projections, accumulate: false,
            workers: workspace.workers)
        ParallelLoop.forEachRange(count: tokens * intermediate, workers: workspace.workers, minimumChunk: 1 << 14) { range in
            DenseKernels.gelu(projections + range.lowerBound, count: range.count)
        }
        affine(
            projections, rows: tokens, k: intermediate, n: hidden,
            weight: layer.outputWeight, bias: layer.outputBias, into: x, accumulate: true,
            workers: workspace.workers)
        layerNorm(x, rows: tokens, scale: layer.outputNormScale, bias: layer.outputNormBias, workers: workspace.workers)
    }

    /// Mean of `rows` hidden-state rows, scaled to unit Euclidean length.
    private func pooledVector(_ states: UnsafeMutablePointer<Float>, rows: Int) -> [Float] {
        let hidden = configuration.hiddenSize
        var sums = [Double](repeating: 0, count: hidden)
        for row in 0..<rows {
            let line = states + row * hidden
            for column in 0..<hidden { sums[column] += Double(line[column]) }
        }
        let norm = sums.reduce(0) { $0 + $1 * $1 }.squareRoot()
        // The mean's 1/rows factor cancels in the normalisation.
        let inverse = norm > 0 ? 1 / norm : 0
        return sums.map { Float($0 * inverse) }
    }
}
