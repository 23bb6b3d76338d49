/// Arithmetic on dense `Float` vectors (sentence embeddings) of equal length.
enum DenseVector {
    /// The dot product; the shorter length when the lengths differ.
    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        let count = min(a.count, b.count)
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
                var i = 0
                while i + 4 <= count {
                    s0 += x[i] * y[i]; s1 += x[i + 1] * y[i + 1]; s2 += x[i + 2] * y[i + 2]; s3 += x[i + 3] * y[i + 3]
                    i += 4
                }
                while i < count { s0 += x[i] * y[i]; i += 1 }
                return (s0 + s1) + (s2 + s3)
            }
        }
    }

    /// The Euclidean norm.
    static func norm(_ a: [Float]) -> Float { dot(a, a).squareRoot() }

    /// `sum + a`, element by element.
    static func adding(_ a: [Float], to sum: [Float]) -> [Float] {
        var result = sum
        for i in 0..<min(a.count, result.count) { result[i] += a[i] }
        return result
    }

    /// `sum - a`, element by element.
    static func subtracting(_ a: [Float], from sum: [Float]) -> [Float] {
        var result = sum
        for i in 0..<min(a.count, result.count) { result[i] -= a[i] }
        return result
    }
}
