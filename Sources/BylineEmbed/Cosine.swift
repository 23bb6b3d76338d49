/// Cosine similarity of two vectors of equal length, in [-1, 1].
///
/// For the unit-length vectors from ``SentenceEmbedder/embed(_:)`` this is just
/// the dot product. Returns 0 if either vector is all zeros or the lengths
/// differ.
public func cosine(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count, !a.isEmpty else { return 0 }
    var dot = 0.0
    var normA = 0.0
    var normB = 0.0
    for index in a.indices {
        let x = Double(a[index])
        let y = Double(b[index])
        dot += x * y
        normA += x * x
        normB += y * y
    }
    guard normA > 0, normB > 0 else { return 0 }
    return Float(dot / (normA.squareRoot() * normB.squareRoot()))
}
