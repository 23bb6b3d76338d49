import Foundation

/// A BERT WordPiece tokenizer built from a Hugging Face `tokenizer.json`
/// (`BertNormalizer` + `BertPreTokenizer` + `WordPiece` model + a template
/// that wraps a single sequence in `[CLS]` … `[SEP]`).
///
/// Produces the same ids as the reference `tokenizers` library, including
/// added tokens such as `[MASK]` written literally in the text (only added
/// tokens with `"normalized": false` are supported; others are ignored).
/// Scanning stops as soon as the token cap is reached, so ordinary text costs
/// time proportional to the cap however long it is; only a single run of
/// more than 100 characters without a word boundary is scanned to its end
/// (cheaply, it becomes one `[UNK]`).
struct WordPieceTokenizer: Sendable {
    /// Vocabulary entries that may start a word, keyed by their UTF-8 bytes.
    private let wordStarts: [ArraySlice<UInt8>: Int32]
    /// Continuation entries (`##piece`), keyed by the UTF-8 bytes after the prefix.
    private let continuations: [ArraySlice<UInt8>: Int32]
    /// Longest vocabulary entry in bytes (prefix excluded), to bound the search.
    private let longestPieceBytes: Int
    private let maxInputCharactersPerWord: Int
    private let normalizer: BertNormalizer?
    /// Added tokens matched verbatim in the raw text, longest first.
    private let specialTokens: [(scalars: [Unicode.Scalar], id: Int32)]
    /// First scalars of the added tokens: a bitmap for ASCII, a set otherwise.
    private let specialTokenStartMask: (low: UInt64, high: UInt64)
    private let specialTokenNonASCIIStarts: Set<Unicode.Scalar>
    /// Normalization and pre-tokenizer class of every ASCII scalar.
    private let asciiTable: [(kind: ScalarKind, scalar: Unicode.Scalar)]

    let unknownID: Int32
    let classifierID: Int32
    let separatorID: Int32
    /// One more than the largest id the tokenizer can produce.
    let vocabularySize: Int

    /// Loads `tokenizer.json`.
    /// - Throws: ``EmbeddingError/fileMissing(path:)``,
    ///   ``EmbeddingError/unreadable(path:reason:)`` or
    ///   ``EmbeddingError/malformed(path:reason:)``.
    init(contentsOf url: URL) throws(EmbeddingError) {
        let path = url.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .fileMissing(path: path) }
        guard !isFolder.boolValue else { throw .unreadable(path: path, reason: "a folder, not a file") }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        try self.init(json: data, path: path)
    }

    /// Parses the content of a `tokenizer.json`; `path` is used in errors only.
    init(json: Data, path: String) throws(EmbeddingError) {
        let file: TokenizerFile
        do {
            file = try JSONDecoder().decode(TokenizerFile.self, from: json)
        } catch {
            throw .malformed(path: path, reason: "not a tokenizer.json this loader understands (\(Self.summary(of: error)))")
        }
        let model = file.model
        if let type = model.type, type != "WordPiece" {
            throw .malformed(path: path, reason: "model type \(type) is not supported, expected WordPiece")
        }
        if let normalizer = file.normalizer, normalizer.type != "BertNormalizer" {
            throw .malformed(path: path, reason: "normalizer \(normalizer.type) is not supported, expected BertNormalizer")
        }
        if let preTokenizer = file.preTokenizer, preTokenizer.type != "BertPreTokenizer" {
            throw .malformed(path: path, reason: "pre-tokenizer \(preTokenizer.type) is not supported, expected BertPreTokenizer")
        }

        let prefix = Array((model.continuingSubwordPrefix ?? "##").utf8)
        var starts: [ArraySlice<UInt8>: Int32] = [:]
        var continuations: [ArraySlice<UInt8>: Int32] = [:]
        starts.reserveCapacity(model.vocab.count)
        continuations.reserveCapacity(model.vocab.count / 4)
        var longest = 0
        var largestID = -1
        for (token, id) in model.vocab {
            guard id >= 0, id <= Int(Int32.max) else {
                throw .malformed(path: path, reason: "vocabulary id \(id) for \(token.debugDescription) is out of range")
            }
            largestID = max(largestID, id)
            let bytes = Array(token.utf8)
            if !prefix.isEmpty, bytes.count > prefix.count, bytes.starts(with: prefix) {
                let rest = bytes[prefix.count...]
                continuations[ArraySlice(Array(rest))] = Int32(id)
                longest = max(longest, rest.count)
            }
            starts[bytes[...]] = Int32(id)
            longest = max(longest, bytes.count)
        }
        guard !starts.isEmpty else { throw .malformed(path: path, reason: "empty vocabulary") }

        let unknownToken = model.unkToken ?? "[UNK]"
        guard let unknownID = model.vocab[unknownToken] else {
            throw .malformed(path: path, reason: "unknown token \(unknownToken) is not in the vocabulary")
        }
        let (classifierToken, separatorToken) = file.postProcessor?.singleSequenceWrapping ?? ("[CLS]", "[SEP]")
        let classifierID = file.postProcessor?.specialTokens?[classifierToken]?.ids.first ?? model.vocab[classifierToken]
        let separatorID = file.postProcessor?.specialTokens?[separatorToken]?.ids.first ?? model.vocab[separatorToken]
        guard let classifierID, let separatorID else {
            throw .malformed(path: path, reason: "cannot find the ids of \(classifierToken) and \(separatorToken)")
        }

        var specials: [(scalars: [Unicode.Scalar], id: Int32)] = []
        for token in file.addedTokens ?? [] where token.normalized != true && !token.content.isEmpty {
            guard token.id >= 0, token.id <= Int(Int32.max) else {
                throw .malformed(path: path, reason: "added token id \(token.id) is out of range")
            }
            specials.append((Array(token.content.unicodeScalars), Int32(token.id)))
            largestID = max(largestID, token.id)
        }
        specials.sort { $0.scalars.count > $1.scalars.count }

        self.wordStarts = starts
        self.continuations = continuations
        self.longestPieceBytes = longest
        self.maxInputCharactersPerWord = model.maxInputCharsPerWord ?? 100
        let normalizer = file.normalizer.map {
            BertNormalizer(
                cleanText: $0.cleanText ?? true,
                handleChineseCharacters: $0.handleChineseChars ?? true,
                stripAccents: $0.stripAccents ?? ($0.lowercase ?? true),
                lowercase: $0.lowercase ?? true)
        }
        self.normalizer = normalizer
        self.asciiTable = Self.makeASCIITable(normalizer: normalizer)
        self.specialTokens = specials
        var mask: (low: UInt64, high: UInt64) = (0, 0)
        var nonASCIIStarts = Set<Unicode.Scalar>()
        for first in specials.compactMap(\.scalars.first) {
            switch first.value {
            case 0..<64: mask.low |= 1 << UInt64(first.value)
            case 64..<128: mask.high |= 1 << UInt64(first.value - 64)
            default: nonASCIIStarts.insert(first)
            }
        }
        self.specialTokenStartMask = mask
        self.specialTokenNonASCIIStarts = nonASCIIStarts
        self.unknownID = Int32(unknownID)
        self.classifierID = Int32(classifierID)
        self.separatorID = Int32(separatorID)
        self.vocabularySize = largestID + 1
    }

    /// Token ids for one text: `[CLS]`, at most `maxTokens - 2` word pieces,
    /// `[SEP]`. `maxTokens` must be at least 2.
    func encode(_ text: String, maxTokens: Int) -> [Int32] {
        var collector = PieceCollector(
            budget: max(0, maxTokens - 2), maxWordLength: maxInputCharactersPerWord)
        collector.ids.append(classifierID)
        // Normalized forms of the non-ASCII scalars seen so far in this text.
        var cache: [Unicode.Scalar: NormalizedScalar] = [:]

        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex, !collector.isFull {
            let scalar = scalars[index]
            if mayStartSpecialToken(scalar), let (id, next) = matchSpecialToken(in: scalars, at: index) {
                collector.endWord(self)
                collector.append(id)
                index = next
                continue
            }
            scalars.formIndex(after: &index)

            if scalar.value < 0x80 {
                let entry = asciiTable[Int(scalar.value)]
                switch entry.kind {
                case .dropped: break
                case .whitespace: collector.endWord(self)
                case .punctuation:
                    collector.endWord(self)
                    collector.add(entry.scalar)
                    collector.endWord(self)
                case .word: collector.add(entry.scalar)
                }
                continue
            }

            let normalized: NormalizedScalar
            if let cached = cache[scalar] {
                normalized = cached
            } else {
                normalized = normalize(scalar)
                if cache.count < Self.maximumCachedScalars { cache[scalar] = normalized }
            }
            if normalized.isolated { collector.endWord(self) }
            for (output, kind) in normalized.parts {
                switch kind {
                case .dropped: break
                case .whitespace: collector.endWord(self)
                case .punctuation:
                    collector.endWord(self)
                    collector.add(output)
                    collector.endWord(self)
                case .word: collector.add(output)
                }
            }
            if normalized.isolated { collector.endWord(self) }
        }
        collector.endWord(self)
        collector.ids.append(separatorID)
        return collector.ids
    }

    /// Bound on the per-text cache of normalized non-ASCII scalars.
    private static let maximumCachedScalars = 16384

    /// How a normalized scalar takes part in pre-tokenization.
    fileprivate enum ScalarKind: UInt8 {
        /// Removed by the normalizer (only used in the ASCII table).
        case dropped
        /// Ends the current word.
        case whitespace
        /// A word of its own.
        case punctuation
        /// Continues the current word.
        case word
    }

    /// The normalizer's output for one source scalar, classified for the
    /// pre-tokenizer.
    fileprivate struct NormalizedScalar {
        /// The source was a CJK ideograph: its output is a word of its own.
        var isolated: Bool
        var parts: [(Unicode.Scalar, ScalarKind)]
    }

    /// Normalizes and classifies one source scalar (the slow, general path).
    private func normalize(_ scalar: Unicode.Scalar) -> NormalizedScalar {
        Self.normalize(scalar, with: normalizer)
    }

    private static func normalize(_ scalar: Unicode.Scalar, with normalizer: BertNormalizer?) -> NormalizedScalar {
        var output: [Unicode.Scalar] = []
        var isolated = false
        if let normalizer {
            isolated = normalizer.normalize(scalar, into: &output) == .isolated
        } else {
            output = [scalar]
        }
        let parts = output.map { output -> (Unicode.Scalar, ScalarKind) in
            if BertCharacterClass.isWhitespace(output) { return (output, .whitespace) }
            if BertCharacterClass.isPunctuation(output) { return (output, .punctuation) }
            return (output, .word)
        }
        return NormalizedScalar(isolated: isolated, parts: parts)
    }

    /// The normalized, classified form of each ASCII scalar (each maps to at
    /// most one scalar).
    private static func makeASCIITable(normalizer: BertNormalizer?) -> [(kind: ScalarKind, scalar: Unicode.Scalar)] {
        (0..<128).map { value in
            let scalar = Unicode.Scalar(UInt8(value))
            let normalized = normalize(scalar, with: normalizer)
            guard let (output, kind) = normalized.parts.first else { return (.dropped, scalar) }
            return (kind, output)
        }
    }

    /// Whether an added token may start with `scalar`.
    @inline(__always)
    private func mayStartSpecialToken(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 64 { return specialTokenStartMask.low & (1 << UInt64(value)) != 0 }
        if value < 128 { return specialTokenStartMask.high & (1 << UInt64(value - 64)) != 0 }
        return !specialTokenNonASCIIStarts.isEmpty && specialTokenNonASCIIStarts.contains(scalar)
    }

    /// The added token starting at `index`, if any, and the index after it.
    private func matchSpecialToken(
        in scalars: String.UnicodeScalarView, at index: String.UnicodeScalarView.Index
    ) -> (Int32, String.UnicodeScalarView.Index)? {
        candidates: for token in specialTokens {
            var position = index
            for expected in token.scalars {
                guard position < scalars.endIndex, scalars[position] == expected else { continue candidates }
                scalars.formIndex(after: &position)
            }
            return (token.id, position)
        }
        return nil
    }

    /// Greedy longest-match-first WordPiece split of one pre-tokenized word.
    /// Appends `[UNK]` alone if some part of the word matches no entry.
    fileprivate func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32], limit: Int) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(word.count * 2)
        var offsets: [Int] = [0]
        offsets.reserveCapacity(word.count + 1)
        for scalar in word {
            bytes.append(contentsOf: UTF8.encode(scalar)!)
            offsets.append(bytes.count)
        }
        var pieces: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var match: Int32?
            let table = start == 0 ? wordStarts : continuations
            while end > start {
                let length = offsets[end] - offsets[start]
                if length <= longestPieceBytes, let id = table[bytes[offsets[start]..<offsets[end]]] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let match else {
                pieces = [unknownID]
                break
            }
            pieces.append(match)
            start = end
        }
        ids.append(contentsOf: pieces.prefix(limit))
    }

    private static func summary(of error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing key \(Self.codingPath(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "unexpected value at \(Self.codingPath(context.codingPath))"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "invalid JSON" : "invalid value at \(Self.codingPath(context.codingPath))"
        default:
            return "invalid JSON"
        }
    }

    private static func codingPath(_ path: [any CodingKey]) -> String {
        path.map(\.stringValue).joined(separator: ".")
    }
}

/// Accumulates the current word and the ids produced so far, up to a budget.
private struct PieceCollector {
    var ids: [Int32] = []
    let budget: Int
    let maxWordLength: Int
    private var word: [Unicode.Scalar] = []
    /// Length of the current word in scalars (may exceed what `word` keeps).
    private var wordLength = 0
    private var pieceCount = 0

    init(budget: Int, maxWordLength: Int) {
        self.budget = budget
        self.maxWordLength = maxWordLength
        ids.reserveCapacity(min(budget, 512) + 2)
        word.reserveCapacity(32)
    }

    var isFull: Bool { pieceCount >= budget }

    @inline(__always)
    mutating func add(_ scalar: Unicode.Scalar) {
        // Beyond the per-word limit the word becomes [UNK] anyway; keep counting only.
        if wordLength <= maxWordLength { word.append(scalar) }
        wordLength += 1
    }

    mutating func append(_ id: Int32) {
        guard !isFull else { return }
        ids.append(id)
        pieceCount += 1
    }

    mutating func endWord(_ tokenizer: WordPieceTokenizer) {
        guard wordLength > 0 else { return }
        defer {
            word.removeAll(keepingCapacity: true)
            wordLength = 0
        }
        guard !isFull else { return }
        if wordLength > maxWordLength {
            append(tokenizer.unknownID)
            return
        }
        let before = ids.count
        tokenizer.appendPieces(of: word, to: &ids, limit: budget - pieceCount)
        pieceCount += ids.count - before
    }
}

/// The parts of `tokenizer.json` the loader reads.
private struct TokenizerFile: Decodable {
    struct Model: Decodable {
        var type: String?
        var unkToken: String?
        var continuingSubwordPrefix: String?
        var maxInputCharsPerWord: Int?
        var vocab: [String: Int]

        enum CodingKeys: String, CodingKey {
            case type, vocab
            case unkToken = "unk_token"
            case continuingSubwordPrefix = "continuing_subword_prefix"
            case maxInputCharsPerWord = "max_input_chars_per_word"
        }
    }

    struct Normalizer: Decodable {
        var type: String
        var cleanText: Bool?
        var handleChineseChars: Bool?
        var stripAccents: Bool?
        var lowercase: Bool?

        enum CodingKeys: String, CodingKey {
            case type, lowercase
            case cleanText = "clean_text"
            case handleChineseChars = "handle_chinese_chars"
            case stripAccents = "strip_accents"
        }
    }

    struct PreTokenizer: Decodable {
        var type: String
    }

    struct AddedToken: Decodable {
        var id: Int
        var content: String
        var normalized: Bool?
    }

    struct PostProcessor: Decodable {
        struct TemplateItem: Decodable {
            var id: String
        }
        struct SpecialToken: Decodable {
            var ids: [Int]
        }
        var type: String
        var single: [[String: TemplateItem]]?
        var specialTokens: [String: SpecialToken]?

        enum CodingKeys: String, CodingKey {
            case type, single
            case specialTokens = "special_tokens"
        }

        /// Names of the tokens a `TemplateProcessing` puts before and after a
        /// single sequence, when it has that `[X] $A [Y]` shape.
        var singleSequenceWrapping: (String, String)? {
            guard type == "TemplateProcessing", let single, single.count == 3,
                  let first = single[0]["SpecialToken"]?.id, single[1]["Sequence"] != nil,
                  let last = single[2]["SpecialToken"]?.id
            else { return nil }
            return (first, last)
        }
    }

    var model: Model
    var normalizer: Normalizer?
    var preTokenizer: PreTokenizer?
    var addedTokens: [AddedToken]?
    var postProcessor: PostProcessor?

    enum CodingKeys: String, CodingKey {
        case model, normalizer
        case preTokenizer = "pre_tokenizer"
        case addedTokens = "added_tokens"
        case postProcessor = "post_processor"
    }
}
