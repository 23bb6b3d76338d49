import Foundation

/// A logistic regression over ``JoinFeatures``: the probability that an item belongs to a
/// candidate story.
///
/// `p = 1 / (1 + exp(-(bias + sum(weights[i] * features.values[i]))))`. ``ClusterSettings``
/// ships fitted weights (see there for how they were fitted); ``fit(_:labels:l2:iterations:)``
/// refits them from labelled pairs.
public struct JoinModel: Sendable, Hashable {
    /// The intercept.
    public var bias: Double
    /// One weight per entry of ``JoinFeatures/values``, in that order.
    public var weights: [Double]

    /// Creates a model.
    public init(bias: Double, weights: [Double]) {
        self.bias = bias
        self.weights = weights
    }

    /// The model's probability, in `[0, 1]`, that the item belongs to the story.
    public func probability(_ features: JoinFeatures) -> Double {
        probability(features.values)
    }

    /// The probability for raw feature values (in the order of ``JoinFeatures/values``).
    public func probability(_ values: [Double]) -> Double {
        var z = bias
        for (weight, value) in zip(weights, values) { z += weight * value }
        return 1 / (1 + exp(-z))
    }

    /// Fits a model by Newton's method (iteratively reweighted least squares) on labelled pairs.
    ///
    /// - Parameters:
    ///   - examples: feature values per pair (each of the same length).
    ///   - labels: whether each pair's item belongs to the story.
    ///   - l2: ridge penalty on the weights (not the bias), for stability when features correlate.
    ///   - iterations: Newton steps (the fit converges in well under 20).
    /// - Returns: the fitted model; the zero model when `examples` is empty.
    public static func fit(_ examples: [[Double]], labels: [Bool], l2: Double = 1.0, iterations: Int = 25) -> JoinModel {
        guard let width = examples.first?.count else { return JoinModel(bias: 0, weights: []) }
        let n = width + 1
        var beta = [Double](repeating: 0, count: n)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: n)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for (row, label) in zip(examples, labels) {
                let x = [1.0] + row
                var z = 0.0
                for k in 0..<n { z += beta[k] * x[k] }
                let p = 1 / (1 + exp(-z))
                let y = label ? 1.0 : 0.0
                for a in 0..<n {
                    gradient[a] += (y - p) * x[a]
                    for b in 0..<n { hessian[a][b] += p * (1 - p) * x[a] * x[b] }
                }
            }
            for k in 1..<n {
                gradient[k] -= l2 * beta[k]
                hessian[k][k] += l2
            }
            hessian[0][0] += 1e-9
            guard let step = solve(hessian, gradient) else { break }
            var change = 0.0
            for k in 0..<n { beta[k] += step[k]; change = max(change, abs(step[k])) }
            if change < 1e-9 { break }
        }
        return JoinModel(bias: beta[0], weights: Array(beta.dropFirst()))
    }

    /// Solves `a x = b` by Gaussian elimination with partial pivoting; nil when singular.
    private static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a
        var v = b
        let n = v.count
        for column in 0..<n {
            var pivot = column
            for row in column..<n where abs(m[row][column]) > abs(m[pivot][column]) { pivot = row }
            guard abs(m[pivot][column]) > 1e-12 else { return nil }
            m.swapAt(column, pivot)
            v.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = m[row][column] / m[column][column]
                guard factor != 0 else { continue }
                for k in column..<n { m[row][k] -= factor * m[column][k] }
                v[row] -= factor * v[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = v[row]
            for k in (row + 1)..<n { sum -= m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x
    }
}
