import BylineText
import Foundation

/// Finds near-duplicate agency copy among the items of a story: MinHash signatures of word
/// 3-shingles (Broder 1997), compared pairwise, joined transitively.
///
/// The text of an item is its cleaned headline, summary and the first 300 words of its content,
/// lowercased, as words of letters and digits (stop words kept: wording is the evidence here).
/// Two items of different outlets are the same wire report when the estimated Jaccard similarity
/// of their shingle sets is at least ``threshold``. Items with fewer than ``minimumShingles``
/// shingles (a bare short headline) are never grouped: two outlets can write the same six words.
/// Hashes are FNV-1a with fixed seeds, so the result is the same on every run.
public enum WireCopyDetector {
    /// Minimum estimated Jaccard similarity of two items' shingle sets.
    public static let threshold = 0.5
    /// Minimum number of distinct shingles an item needs to be compared at all.
    public static let minimumShingles = 8
    /// Signature length (number of hash functions); the Jaccard estimate's standard error is
    /// about `sqrt(J (1 - J) / 64)`, 0.06 at 0.5.
    public static let signatureLength = 64

    /// The wire groups among `items` (typically one story's items).
    ///
    /// - Parameter items: the items; ids unique.
    /// - Returns: groups of at least two items from at least two outlets, ordered by their
    ///   earliest item (time, then id). Items of one outlet that repeat the copy are included.
    public static func groups(_ items: [StoryItem]) -> [WireGroup] {
        let ordered = items.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        let signatures = ordered.map { signature(of: $0) }
        var parent = Array(ordered.indices)
        func root(_ index: Int) -> Int {
            var index = index
            while parent[index] != index { parent[index] = parent[parent[index]]; index = parent[index] }
            return index
        }
        for i in ordered.indices {
            guard let a = signatures[i] else { continue }
            for j in (i + 1)..<ordered.count {
                guard let b = signatures[j], ordered[i].outlet != ordered[j].outlet || root(i) != root(j) else { continue }
                if estimatedJaccard(a, b) >= threshold {
                    let (ri, rj) = (root(i), root(j))
                    if ri != rj { parent[max(ri, rj)] = min(ri, rj) }
                }
            }
        }
        var members: [Int: [Int]] = [:]
        for index in ordered.indices { members[root(index), default: []].append(index) }
        return members.keys.sorted().compactMap { key in
            let group = members[key]!
            var outlets: [String] = []
            for index in group where !outlets.contains(ordered[index].outlet) { outlets.append(ordered[index].outlet) }
            guard outlets.count >= 2 else { return nil }
            return WireGroup(itemIDs: group.map { ordered[$0].id }, outlets: outlets, earliestTime: ordered[group[0]].time)
        }
    }

    /// The estimated Jaccard similarity of two items' texts (nil when either is too short).
    public static func similarity(_ lhs: StoryItem, _ rhs: StoryItem) -> Double? {
        guard let a = signature(of: lhs), let b = signature(of: rhs) else { return nil }
        return estimatedJaccard(a, b)
    }

    private static func estimatedJaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        var equal = 0
        for index in a.indices where a[index] == b[index] { equal += 1 }
        return Double(equal) / Double(a.count)
    }

    /// The MinHash signature of the item's shingles, or nil when it has too few.
    static func signature(of item: StoryItem) -> [UInt64]? {
        var text = HeadlineCleaner.clean(item.title) + " . " + SummaryCleaner.clean(item.summary)
        if let content = item.content, !content.isEmpty {
            text += " . " + content.split(whereSeparator: \.isWhitespace).prefix(300).joined(separator: " ")
        }
        let words = words(of: text)
        guard words.count >= 3 else { return nil }
        var shingles: Set<UInt64> = []
        for index in 0...(words.count - 3) {
            shingles.insert(fnv1a(words[index] + " " + words[index + 1] + " " + words[index + 2], seed: 0))
        }
        guard shingles.count >= minimumShingles else { return nil }
        var signature = [UInt64](repeating: .max, count: signatureLength)
        for shingle in shingles {
            for slot in 0..<signatureLength {
                let value = mix(shingle &+ UInt64(slot) &* 0x9E37_79B9_7F4A_7C15)
                if value < signature[slot] { signature[slot] = value }
            }
        }
        return signature
    }

    private static func words(of text: String) -> [String] {
        var result: [String] = []
        var word = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if !word.isEmpty {
                result.append(word); word = ""
            }
        }
        if !word.isEmpty { result.append(word) }
        return result
    }

    private static func fnv1a(_ text: String, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// SplitMix64's finaliser: a well-mixed 64-bit permutation.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
