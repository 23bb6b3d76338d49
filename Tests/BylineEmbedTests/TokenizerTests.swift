import Foundation
import Testing
@testable import BylineEmbed

/// Hard tokenizer cases; expected ids come from the Hugging Face `tokenizers`
/// library with the all-MiniLM-L6-v2 `tokenizer.json`. Needs only that file.
@Suite(.enabled(if: TestModel.hasTokenizer, Comment(rawValue: TestModel.skipReason)))
struct TokenizerTests {
    static let tokenizer: WordPieceTokenizer? = TestModel.tokenizerURL.flatMap {
        try? WordPieceTokenizer(contentsOf: $0)
    }

    private func ids(_ text: String, maxTokens: Int = 128) throws -> [Int32] {
        try #require(Self.tokenizer).encode(text, maxTokens: maxTokens)
    }

    @Test func accentsAreStripped() throws {
        #expect(try ids("Māori café") == [101, 12600, 7668, 102])
        #expect(try ids("İstanbul ΟΔΟΣ Straße") == [101, 9960, 1169, 29722, 29730, 29733, 2358, 27807, 102])
    }

    @Test func punctuationIsSplitOff() throws {
        #expect(try ids("U.S.-China") == [101, 1057, 1012, 1055, 1012, 1011, 2859, 102])
    }

    @Test func ideographsStandAloneAndKanaDecomposes() throws {
        // 開 and 幕 are not in the vocabulary: one [UNK] each.
        #expect(try ids("東京オリンピック開幕") == [101, 1879, 1755, 1699, 30258, 30263, 30245, 30237, 30228, 100, 100, 102])
        // Hangul syllables are decomposed into jamo.
        #expect(try ids("서울") == [101, 1461, 30008, 29999, 30014, 30022, 102])
    }

    @Test func emojiBecomeUnknown() throws {
        // Includes an emoji newer than Unicode 8.0, a ZWJ family and a flag.
        #expect(try ids("Fire 🔥 and 🥳 party 👩‍👩‍👧 🇳🇿") == [101, 2543, 100, 1998, 100, 2283, 100, 100, 102])
    }

    @Test func overlongWordIsOneUnknown() throws {
        #expect(try ids(String(repeating: "a", count: 101)) == [101, 100, 102])
        let hundred = try ids("x " + String(repeating: "a", count: 100))
        #expect(hundred.count == 53)
        #expect(Array(hundred.prefix(4)) == [101, 1060, 13360, 11057])
        #expect(Array(hundred.suffix(2)) == [2050, 102])
    }

    @Test func specialTokensInTextAreKept() throws {
        #expect(try ids("What is [MASK]? [CLS]x") == [101, 2054, 2003, 103, 1029, 101, 1060, 102])
    }

    @Test func controlCharactersAreDroppedAndWhitespaceSplits() throws {
        #expect(try ids("tab\there\u{A0}nbsp\u{200B}zero\u{0}nul\u{FFFD}rep")
            == [101, 21628, 2182, 1050, 5910, 2361, 6290, 2239, 5313, 2890, 2361, 102])
        #expect(try ids("") == [101, 102])
        #expect(try ids("   ") == [101, 102])
    }

    @Test func truncationKeepsClassifierAndSeparator() throws {
        let text = String(repeating: "news ", count: 500)
        let capped = try ids(text, maxTokens: 10)
        #expect(capped.count == 10)
        #expect(capped == [101] + Array(repeating: 2739, count: 8) + [102])
        // A word whose pieces straddle the cap is cut piece-wise.
        #expect(try ids("x " + String(repeating: "a", count: 100), maxTokens: 6) == [101, 1060, 13360, 11057, 11057, 102])
    }
}
