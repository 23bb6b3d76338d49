import Foundation
import Testing
@testable import BylineEmbed

/// OpenBLAS runs the kernels of the CPU it runs on: Debian 12's OpenBLAS (0.3.21) took this
/// machine's Sapphire Rapids Xeon, a model newer than its release, for an SSE3 "Prescott" and
/// the encoder ran at a third of its speed (an October import: 52 s of CPU, 18 s with the
/// AVX-512 kernels), until Byline named the family in `OPENBLAS_CORETYPE` before loading it.
@Suite struct BLASKernelTests {
    /// The family this CPU supports, by the flags the kernel lists in /proc/cpuinfo: nil when
    /// it has neither AVX-512 nor AVX2 with FMA (OpenBLAS then chooses), or on another OS.
    static var expectedFamily: String? {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return nil }
        let flags = Set(line.split(separator: " ").map(String.init))
        if flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// Whether the environment the process started with named a family itself (`setenv` does not
    /// change /proc/self/environ).
    static var familyGivenAtStart: Bool {
        let environ = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/self/environ"))) ?? Data()
        return environ.split(separator: 0).contains { $0.starts(with: Data("OPENBLAS_CORETYPE=".utf8)) }
    }

    @Test(.enabled(if: expectedFamily != nil && !familyGivenAtStart,
                   "no AVX2 or AVX-512 here, or OPENBLAS_CORETYPE given at start: OpenBLAS's own choice stands"))
    func openBLASRunsTheKernelsOfThisCPU() throws {
        #expect(DenseKernels.blasFailure == nil)
        let family = try #require(DenseKernels.blasKernelFamily)
        #expect(family.lowercased() == Self.expectedFamily?.lowercased())
    }
}
