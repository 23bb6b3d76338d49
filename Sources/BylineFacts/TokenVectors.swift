/// The contextual embeddings of a sentence's word pieces: what the fact engine aligns two
/// sentences by, token to token (BERTScore, Zhang et al. 2020, "BERTScore: Evaluating Text
/// Generation with BERT", with inverse document frequencies over the story's sentences).
public struct TokenVectors: Sendable, Hashable {
    /// The word-piece ids, in order (no `[CLS]` or `[SEP]`).
    public var ids: [Int32]
    /// `ids.count x dimension` Floats, row by row, each row of Euclidean norm 1.
    public var vectors: [Float]

    /// Creates the token vectors of one sentence.
    ///
    /// - Precondition: `vectors.count` is a multiple of `ids.count` (any count when `ids` is empty).
    public init(ids: [Int32], vectors: [Float]) {
        precondition(ids.isEmpty ? vectors.isEmpty : vectors.count % ids.count == 0, "one row per id")
        self.ids = ids
        self.vectors = vectors
    }

    /// Floats per token (0 without tokens).
    public var dimension: Int { ids.isEmpty ? 0 : vectors.count / ids.count }

    /// How much of each sentence the other says, token by token: every token of `self` is
    /// matched to its most similar token of `other` (cosine), and the matches are averaged with
    /// the tokens' `weight`s (recall of `self` in `other`); the same the other way (precision);
    /// the smaller of the two. 0 when either has no tokens or their dimensions differ.
    func alignment(with other: TokenVectors, weights: [Double], otherWeights: [Double]) -> Double {
        let dimension = self.dimension
        guard dimension > 0, dimension == other.dimension else { return 0 }
        var bestOfSelf = [Float](repeating: -1, count: ids.count)
        var bestOfOther = [Float](repeating: -1, count: other.ids.count)
        vectors.withUnsafeBufferPointer { a in
            other.vectors.withUnsafeBufferPointer { b in
                for i in 0..<ids.count {
                    let row = a.baseAddress! + i * dimension
                    for j in 0..<other.ids.count {
                        let dot = Self.dot(row, b.baseAddress! + j * dimension, count: dimension)
                        if dot > bestOfSelf[i] { bestOfSelf[i] = dot }
                        if dot > bestOfOther[j] { bestOfOther[j] = dot }
                    }
                }
            }
        }
        func weighted(_ best: [Float], _ weights: [Double]) -> Double {
            var sum = 0.0, total = 0.0
            for (value, weight) in zip(best, weights) {
                sum += Double(value) * weight
                total += weight
            }
            return total > 0 ? sum / total : 0
        }
        return min(weighted(bestOfSelf, weights), weighted(bestOfOther, otherWeights))
    }

    /// The dot product of two rows of `count` Floats, sixteen lanes at a time (the same sums in
    /// the same order on every run).
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD16<Float>()
        var index = 0
        let rawX = UnsafeRawPointer(x), rawY = UnsafeRawPointer(y)
        while index + 16 <= count {
            let offset = index * MemoryLayout<Float>.stride
            lanes += rawX.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
                * rawY.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
            index += 16
        }
        var sum = lanes.sum()
        while index < count {
            sum += x[index] * y[index]
            index += 1
        }
        return sum
    }
}
