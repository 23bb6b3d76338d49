/// Substring search over UTF-8 bytes, for the cleaners that run on every item: Foundation's
/// `range(of:)` and the standard library's `ranges(of:)` cost more than the rest of the
/// clustering together. The needles are whole scalars, so the ranges found fall on scalar
/// boundaries and are valid `String` indices. Shared by the package's modules (the fact
/// engine's text hygiene uses ``contains(_:in:)`` for its trigger phrases).
package enum ByteSearch {
    /// The range of the first (or, with `last`, the last) occurrence of `needle` in `text`.
    static func range(of needle: String, in text: String, last: Bool = false) -> Range<String.Index>? {
        let hay = Array(text.utf8), pattern = Array(needle.utf8)
        guard !pattern.isEmpty, hay.count >= pattern.count else { return nil }
        let starts = last ? Array(stride(from: hay.count - pattern.count, through: 0, by: -1)) : Array(0...(hay.count - pattern.count))
        for start in starts where hay[start] == pattern[0] {
            var matched = true
            for offset in 1..<pattern.count where hay[start + offset] != pattern[offset] {
                matched = false
                break
            }
            if matched {
                let lower = text.utf8.index(text.utf8.startIndex, offsetBy: start)
                let upper = text.utf8.index(lower, offsetBy: pattern.count)
                return lower..<upper
            }
        }
        return nil
    }

    /// Whether `needle`'s UTF-8 bytes occur in `bytes` (a text's UTF-8, or that text with its
    /// ASCII capitals folded to lower case); false for an empty needle.
    package static func contains(_ needle: String, in bytes: [UInt8]) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return false }
        outer: for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] {
            for offset in 1..<max(1, pattern.count) where bytes[start + offset] != pattern[offset] { continue outer }
            return true
        }
        return false
    }
}
