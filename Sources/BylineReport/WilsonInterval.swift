import Foundation

/// The Wilson score interval of a proportion (Wilson 1927; Agresti & Coull 1998 recommend it
/// over the normal approximation for small counts and rates near 0 or 1).
///
/// For `k` successes in `n` trials, `p = k / n` and `z` the normal quantile (1.959964 for
/// 95%): centre `(p + z²/2n) / (1 + z²/n)`, half-width
/// `z / (1 + z²/n) * sqrt(p(1 - p)/n + z²/4n²)`. Bounds lie in `[0, 1]`.
public struct WilsonInterval: Sendable, Hashable {
    /// The normal quantile for a two-sided 95% interval.
    public static let z95 = 1.959963984540054

    /// Successes.
    public var successes: Int
    /// Trials.
    public var trials: Int
    /// The lower bound, in `[0, 1]`.
    public var low: Double
    /// The upper bound, in `[0, 1]`.
    public var high: Double

    /// The interval for `successes` out of `trials`; nil when `trials` is 0 (no rate).
    ///
    /// - Precondition: `0 <= successes <= trials`.
    public init?(successes: Int, trials: Int, z: Double = WilsonInterval.z95) {
        guard trials > 0 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        self.successes = successes
        self.trials = trials
        self.low = max(0, centre - half)
        self.high = min(1, centre + half)
    }

    /// The observed proportion `successes / trials`.
    public var rate: Double { Double(successes) / Double(trials) }
}
