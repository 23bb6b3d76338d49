import Foundation
import Testing
@testable import BylineEmbed

@Suite struct DenseKernelTests {
    /// The rational erf against libm's `erff` over [-6, 6] (beyond ±4 both are ±1 in Float).
    @Test func theRationalErfIsWithinFiveTenMillionthsOfLibm() {
        var worst: Float = 0
        for step in 0...120_000 {
            let x = -6 + Float(step) / 10_000
            worst = max(worst, abs(DenseKernels.erf(x) - erff(x)))
        }
        #expect(worst < 5e-7)
        #expect(worst > 0)
        #expect(DenseKernels.erf(9) == 1)
        #expect(DenseKernels.erf(-9) == -1)
        #expect(DenseKernels.erf(0) == 0)
    }

    /// GELU over 37 values against the exact formula with libm's `erff`.
    @Test func geluMatchesTheExactFormula() {
        var values = (0..<37).map { Float($0) / 4 - 4.5 }
        let exact = values.map { 0.5 * $0 * (1 + erff($0 * 0.70710678118654752)) }
        values.withUnsafeMutableBufferPointer { DenseKernels.gelu($0.baseAddress!, count: $0.count) }
        for (value, expected) in zip(values, exact) { #expect(abs(value - expected) < 2e-6) }
        #expect(values[18] == 0)
    }
}
