import Foundation
import Testing
@testable import BylineEmbed

/// Optional sweep over every Unicode scalar: compares the ids of "a<scalar>b"
/// with a file written by `make_reference.py --sweep FILE` (about 20 MB, not
/// committed). Enabled when `BYLINE_TOKENIZER_SWEEP` names that file; useful
/// after a Swift toolchain update, since the tokenizer relies on the standard
/// library's Unicode tables.
@Suite(.enabled(
    if: TestModel.hasTokenizer && TestModel.sweepFile != nil,
    "set BYLINE_TOKENIZER_SWEEP to a file from make_reference.py --sweep to run"))
struct UnicodeSweepTests {
    @Test func everyScalarMatchesReference() throws {
        let tokenizer = try #require(TokenizerTests.tokenizer)
        let text = try String(contentsOfFile: try #require(TestModel.sweepFile), encoding: .utf8)
        var checked = 0
        var mismatches: [String] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let first = fields.first, let value = UInt32(first, radix: 16),
                  let scalar = Unicode.Scalar(value)
            else { continue }
            let expected = fields.dropFirst().compactMap { Int32($0) }
            let actual = Array(tokenizer.encode("a\(Character(scalar))b", maxTokens: 512).dropFirst().dropLast())
            checked += 1
            if actual != expected, mismatches.count < 20 {
                mismatches.append("U+\(String(value, radix: 16, uppercase: true)): expected \(expected), got \(actual)")
            }
        }
        #expect(checked > 1_000_000)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "; "))")
        print("unicode sweep: \(checked) scalars checked")
    }
}
