/// Arithmetic on dense `Float` vectors (sentence embeddings) of equal length.
enum DenseVector {
    /// The dot product; the shorter length when the lengths differ. Sums in eight lanes
    /// (`SIMD8`), so the result can differ from a sequential sum in the last bits.
    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        let count = min(a.count, b.count)
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                guard let xp = x.baseAddress, let yp = y.baseAddress else { return 0 }
                let xr = UnsafeRawPointer(xp), yr = UnsafeRawPointer(yp)
                var lanes = SIMD8<Float>(repeating: 0)
                var i = 0
                while i + 8 <= count {
                    let u = xr.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                    let v = yr.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                    lanes += u * v
                    i += 8
                }
                var sum = lanes.sum()
                while i < count { sum += xp[i] * yp[i]; i += 1 }
                return sum
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

/// An embedding kept in 8 bits a dimension: `values[i] * scale` approximates the original
/// (rounded to the nearest of 255 steps of its largest magnitude, an error of at most half a
/// step, about 0.001 for a unit vector of 384 dimensions), so that cosines move by about 0.001.
struct QuantizedEmbedding: Sendable {
    /// The step: the largest magnitude over 127.
    var scale: Float
    /// The rounded values.
    var values: [Int8]

    init(_ vector: [Float]) {
        let largest = vector.reduce(0) { max($0, abs($1)) }
        scale = largest > 0 ? largest / 127 : 1
        let step = scale
        values = vector.map { Int8(max(-127, min(127, ($0 / step).rounded()))) }
    }

    /// The dot product with a full vector of the same length.
    func dot(_ vector: [Float]) -> Float {
        let count = min(values.count, vector.count)
        return values.withUnsafeBufferPointer { q in
            vector.withUnsafeBufferPointer { v in
                var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
                var i = 0
                while i + 4 <= count {
                    s0 += Float(q[i]) * v[i]; s1 += Float(q[i + 1]) * v[i + 1]
                    s2 += Float(q[i + 2]) * v[i + 2]; s3 += Float(q[i + 3]) * v[i + 3]
                    i += 4
                }
                while i < count { s0 += Float(q[i]) * v[i]; i += 1 }
                return ((s0 + s1) + (s2 + s3)) * scale
            }
        }
    }

    /// The approximate original vector.
    var floats: [Float] { values.map { Float($0) * scale } }
}
