/// Weights of one transformer layer, laid out for row-major products
/// `y = x · W + b` with `x` of shape [tokens, in] and `W` of shape [in, out]
/// (the checkpoint's Linear weights are [out, in] and are transposed at load).
struct BertLayer: Sendable {
    /// Query, key and value projections side by side: [hidden, 3·hidden].
    let queryKeyValueWeight: [Float]
    /// [3·hidden]
    let queryKeyValueBias: [Float]
    /// [hidden, hidden]
    let attentionOutputWeight: [Float]
    let attentionOutputBias: [Float]
    let attentionNormScale: [Float]
    let attentionNormBias: [Float]
    /// [hidden, intermediate]
    let intermediateWeight: [Float]
    /// [intermediate]
    let intermediateBias: [Float]
    /// [intermediate, hidden]
    let outputWeight: [Float]
    let outputBias: [Float]
    let outputNormScale: [Float]
    let outputNormBias: [Float]

    /// Reads layer `index` (`encoder.layer.<index>.…`) from the checkpoint.
    init(index: Int, from file: SafeTensorsFile, configuration: BertConfiguration) throws(EmbeddingError) {
        let hidden = configuration.hiddenSize
        let intermediate = configuration.intermediateSize
        let prefix = "encoder.layer.\(index)."

        func linear(_ name: String, out: Int, in inputs: Int) throws(EmbeddingError) -> (weight: [Float], bias: [Float]) {
            let weight = try file.floats(prefix + name + ".weight", shape: [out, inputs])
            let bias = try file.floats(prefix + name + ".bias", shape: [out])
            return (Self.transposed(weight, rows: out, columns: inputs), bias)
        }
        func norm(_ name: String) throws(EmbeddingError) -> (scale: [Float], bias: [Float]) {
            (try file.floats(prefix + name + ".weight", shape: [hidden]),
             try file.floats(prefix + name + ".bias", shape: [hidden]))
        }

        let query = try linear("attention.self.query", out: hidden, in: hidden)
        let key = try linear("attention.self.key", out: hidden, in: hidden)
        let value = try linear("attention.self.value", out: hidden, in: hidden)
        var fused = [Float](repeating: 0, count: hidden * 3 * hidden)
        for row in 0..<hidden {
            for (part, source) in [query.weight, key.weight, value.weight].enumerated() {
                let destination = row * 3 * hidden + part * hidden
                fused.replaceSubrange(destination..<(destination + hidden), with: source[(row * hidden)..<((row + 1) * hidden)])
            }
        }
        queryKeyValueWeight = fused
        queryKeyValueBias = query.bias + key.bias + value.bias

        (attentionOutputWeight, attentionOutputBias) = try linear("attention.output.dense", out: hidden, in: hidden)
        (attentionNormScale, attentionNormBias) = try norm("attention.output.LayerNorm")
        (intermediateWeight, intermediateBias) = try linear("intermediate.dense", out: intermediate, in: hidden)
        (outputWeight, outputBias) = try linear("output.dense", out: hidden, in: intermediate)
        (outputNormScale, outputNormBias) = try norm("output.LayerNorm")
    }

    /// Transposes a row-major [rows, columns] matrix into [columns, rows].
    static func transposed(_ matrix: [Float], rows: Int, columns: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: matrix.count) { buffer, initialized in
            matrix.withUnsafeBufferPointer { source in
                for row in 0..<rows {
                    for column in 0..<columns {
                        buffer[column * rows + row] = source[row * columns + column]
                    }
                }
            }
            initialized = matrix.count
        }
    }
}
