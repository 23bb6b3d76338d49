import CBylineBLAS
import Foundation

/// Row-major matrix kernels used by the encoder. All pointers are to Float
/// storage owned by the caller; sizes are in elements.
enum DenseKernels {
    /// Loads OpenBLAS, once, and switches it to single-threaded products,
    /// process-wide (the encoder splits its products across its own worker
    /// threads, and OpenBLAS's own threads would compete with them); nil when
    /// it is loaded, else why it could not be (`byline_blas_load`).
    static let blasFailure: String? = {
        byline_blas_load().map { String(cString: $0) }
    }()

    /// `c = alpha · op(a) · op(b) + beta · c` for row-major matrices, where
    /// `op(a)` is [m, k], `op(b)` is [k, n] and `c` is [m, n].
    @inline(__always)
    static func multiply(
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
        _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        beta: Float,
        _ c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        byline_blas_sgemm(
            transposeA ? 1 : 0, transposeB ? 1 : 0,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }

    /// Adds `bias` ([columns]) to every row of `matrix` ([rows, columns]).
    @inline(__always)
    static func addBias(_ bias: UnsafePointer<Float>, to matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for row in 0..<rows {
            let line = matrix + row * columns
            for column in 0..<columns { line[column] += bias[column] }
        }
    }

    /// Sets every row of `matrix` ([rows, columns]) to `bias` ([columns]).
    @inline(__always)
    static func fillRows(_ matrix: UnsafeMutablePointer<Float>, with bias: UnsafePointer<Float>, rows: Int, columns: Int) {
        for row in 0..<rows {
            (matrix + row * columns).update(from: bias, count: columns)
        }
    }

    /// In-place LayerNorm of each row: `(x - mean) / sqrt(variance + epsilon) · scale + bias`,
    /// with mean and (biased) variance accumulated in Double.
    static func layerNorm(
        _ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
        scale: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float
    ) {
        for row in 0..<rows {
            let line = matrix + row * columns
            var sum = 0.0
            for column in 0..<columns { sum += Double(line[column]) }
            let mean = sum / Double(columns)
            var squares = 0.0
            for column in 0..<columns {
                let deviation = Double(line[column]) - mean
                squares += deviation * deviation
            }
            let inverse = Float(1 / (squares / Double(columns) + Double(epsilon)).squareRoot())
            let center = Float(mean)
            for column in 0..<columns {
                line[column] = (line[column] - center) * inverse * scale[column] + bias[column]
            }
        }
    }

    /// In-place exact GELU, `0.5 · x · (1 + erf(x / √2))`, over `count` values.
    static func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let inverseRootTwo: Float = 0.70710678118654752
        for index in 0..<count {
            let x = values[index]
            values[index] = 0.5 * x * (1 + erff(x * inverseRootTwo))
        }
    }

    /// In-place softmax of each row of a [rows, columns] matrix with row stride
    /// `stride`, subtracting the row maximum first.
    static func softmaxRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int) {
        for row in 0..<rows {
            let line = matrix + row * stride
            var maximum = -Float.infinity
            for column in 0..<columns { maximum = max(maximum, line[column]) }
            var sum: Float = 0
            for column in 0..<columns {
                let value = expf(line[column] - maximum)
                line[column] = value
                sum += value
            }
            let inverse = 1 / sum
            for column in 0..<columns { line[column] *= inverse }
        }
    }
}
