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

    /// The kernel family OpenBLAS runs on this CPU ("SkylakeX", "Haswell", "Prescott", ...),
    /// loading it first; nil when it cannot be loaded.
    static var blasKernelFamily: String? {
        byline_blas_core_name().map { String(cString: $0) }
    }

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

    /// In-place GELU, `0.5 · x · (1 + erf(x / √2))`, over `count` values, with ``erf(_:)``
    /// (a loop the compiler vectorises; libm's `erff`, a call per value, was a fifth of the
    /// encoder's time).
    static func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let inverseRootTwo: Float = 0.70710678118654752
        for index in 0..<count {
            let x = values[index]
            values[index] = 0.5 * x * (1 + erf(x * inverseRootTwo))
        }
    }

    /// erf by the rational minimax approximation of Eigen's and XLA's `erf` for Float (an odd
    /// polynomial of degree 13 over an even one of degree 8 on [-4, 4], ±1 beyond), within
    /// 4.2e-7 of the exact erf (checked on 2M points of [-6, 6]).
    @inline(__always)
    static func erf(_ value: Float) -> Float {
        let x = value < -4 ? -4 : (value > 4 ? 4 : value)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        var q: Float = -1.45660718464996e-05
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return x * p / q
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
