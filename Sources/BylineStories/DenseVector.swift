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
