import Foundation

/// The terms a ``StoryClusterer`` has seen, by id (ids from 0 in order of first sight).
///
/// Terms restored from a saved header stay in the header's bytes (each a 64-bit little-endian
/// byte count, then its UTF-8), found by a hash table over those bytes: restoring a year's
/// vocabulary (over a million terms) costs one pass over the bytes, not a string and a
/// dictionary entry per term, and a one-shot update pays for the terms its items look up.
/// Terms added since are kept as strings.
struct Vocabulary: Sendable {
    /// The restored terms as the header encoded them.
    private(set) var restoredBytes = Data()
    /// Where each restored term's UTF-8 starts in `restoredBytes`, and one past the end.
    private var starts: [Int32] = []
    /// Open addressing by the FNV-1a hash of a restored term's UTF-8: its id + 1 (0: empty).
    private var slots: [Int32] = []
    /// How many terms were restored.
    private(set) var restoredCount = 0
    /// Terms added since, by term and by id (from `restoredCount` on).
    private var added: [String: Int32] = [:]
    private var addedTerms: [String] = []

    /// An empty vocabulary.
    init() {}

    /// The `count` terms that `bytes` encodes (each a 64-bit little-endian byte count, then its
    /// UTF-8), with ids from 0 in order; throws when `bytes` does not hold exactly that (a
    /// term's bytes are taken as they are: the clusterer wrote them from strings).
    init(restoring bytes: Data, count: Int) throws(SnapshotReader.Malformed) {
        guard count >= 0, bytes.count < Int(Int32.max) else { throw SnapshotReader.Malformed() }
        var capacity = 16
        while capacity < 2 * count { capacity <<= 1 }
        let mask = capacity - 1
        var starts = [Int32](repeating: 0, count: count + 1)
        var slots = [Int32](repeating: 0, count: capacity)
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            var offset = 0
            for id in 0..<count {
                guard raw.count - offset >= 8 else { return false }
                let length = Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
                offset += 8
                guard length >= 0, length <= raw.count - offset else { return false }
                starts[id] = Int32(offset)
                let term = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)])
                var slot = Int(truncatingIfNeeded: Self.hash(term)) & mask
                // A term met twice (never written so) takes the later id, as a dictionary would.
                while slots[slot] != 0 {
                    // An earlier term: it ends 8 bytes before the next one starts (this one's start is set).
                    let other = Int(slots[slot] - 1)
                    let otherStart = Int(starts[other]), otherLength = Int(starts[other + 1]) - 8 - otherStart
                    if otherLength == length, length == 0 || memcmp(raw.baseAddress! + otherStart, raw.baseAddress! + offset, length) == 0 { break }
                    slot = (slot + 1) & mask
                }
                slots[slot] = Int32(id + 1)
                offset += length
            }
            starts[count] = Int32(offset + 8)
            return offset == raw.count
        }
        guard ok else { throw SnapshotReader.Malformed() }
        restoredBytes = bytes
        self.starts = starts
        self.slots = slots
        restoredCount = count
    }

    /// How many terms it holds.
    var count: Int { restoredCount + addedTerms.count }

    /// The id of `term`, or nil when it was never seen.
    func id(of term: String) -> Int32? {
        if let id = added[term] { return id }
        guard restoredCount > 0 else { return nil }
        var term = term
        return term.withUTF8 { utf8 in restoredID(UnsafeRawBufferPointer(utf8)) }
    }

    /// Adds a term not seen before; returns its id.
    mutating func add(_ term: String) -> Int32 {
        let id = Int32(count)
        added[term] = id
        addedTerms.append(term)
        return id
    }

    /// The term of an id below ``count``.
    func term(_ id: Int32) -> String {
        let index = Int(id)
        if index >= restoredCount { return addedTerms[index - restoredCount] }
        let range = restoredRange(index)
        return restoredBytes.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Whether the term of an id below ``count`` starts with a number (a number token). A
    /// restored term is read in place (its first byte when ASCII); no string is made for it on
    /// this path, which runs for every term of every item placed.
    func startsWithNumber(_ id: Int32) -> Bool {
        let index = Int(id)
        if index >= restoredCount { return addedTerms[index - restoredCount].first?.isNumber == true }
        let range = restoredRange(index)
        guard !range.isEmpty else { return false }
        return restoredBytes.withUnsafeBytes { raw in
            let first = raw[range.lowerBound]
            if first < 0x80 { return first >= 0x30 && first <= 0x39 }
            // A non-ASCII first character: up to its 4 bytes, read as a string.
            let prefix = UnsafeRawBufferPointer(rebasing: raw[range.lowerBound..<min(range.upperBound, range.lowerBound + 4)])
            return String(decoding: prefix, as: UTF8.self).first?.isNumber == true
        }
    }

    /// Writes every term as the header encodes them: the restored bytes as they were, then the
    /// terms added since.
    func write(to out: inout SnapshotWriter) {
        out.raw(restoredBytes)
        for term in addedTerms { out.string(term) }
    }

    /// The bytes the terms take in a header (for sizing it).
    var encodedSize: Int { restoredBytes.count + addedTerms.reduce(0) { $0 + 8 + $1.utf8.count } }

    /// Where the UTF-8 of restored term `index` lies in `restoredBytes`.
    private func restoredRange(_ index: Int) -> Range<Int> {
        Int(starts[index])..<(Int(starts[index + 1]) - 8)
    }

    /// The id of a restored term with these UTF-8 bytes, or nil.
    private func restoredID(_ utf8: UnsafeRawBufferPointer) -> Int32? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(utf8)) & mask
        return restoredBytes.withUnsafeBytes { raw -> Int32? in
            while slots[slot] != 0 {
                let id = Int(slots[slot] - 1)
                let range = restoredRange(id)
                if range.count == utf8.count, utf8.count == 0 || memcmp(raw.baseAddress! + range.lowerBound, utf8.baseAddress!, utf8.count) == 0 {
                    return Int32(id)
                }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// FNV-1a over the bytes.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
