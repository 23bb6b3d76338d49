/// Splits a sentence into clauses, so that a sentence that states two things ("Haitian
/// migrants beg Biden not to send them back as removal flights start") can align on each.
///
/// A clause ends before `;`, a dash between spaces, `: `, and before ", and", ", but",
/// ", while", " while ", " as ", " after ", " amid ", " despite " (the connective itself is
/// dropped). " as " before a determiner or possessive ("elected Smith as its leader") or in
/// "as well", "as many" is a role or comparison, not a clause boundary. A clause with fewer than three words of two letters or more is joined to its
/// neighbour, so "X said" never stands alone.
enum ClauseSplitter {
    static let connectives = [", and ", ", but ", ", while ", " while ", " as ", " after ", " amid ", " despite "]
    static let breaks = ["; ", " -- ", " — ", " – ", ": "]

    static let breakChars: [[Character]] = breaks.map { Array($0) }
    static let connectiveChars: [[Character]] = connectives.map { Array($0) }

    static func clauses(of sentence: String) -> [String] {
        let chars = Array(sentence)
        // Every mark and connective starts with a space, `;`, `:` or `,`: skip other positions fast.
        guard chars.contains(where: { $0 == " " }) else { return [sentence] }
        let lower = chars.map { $0.isUppercase ? Character($0.lowercased()) : $0 }
        func matches(_ pattern: [Character], at index: Int) -> Bool {
            guard index + pattern.count <= lower.count else { return false }
            for offset in pattern.indices where lower[index + offset] != pattern[offset] { return false }
            return true
        }
        func endsWith(_ suffix: String, before index: Int) -> Bool {
            let pattern = Array(suffix)
            guard index - pattern.count >= 0 else { return false }
            return matches(pattern, at: index - pattern.count)
        }
        var pieces: [(joint: String, text: String)] = []
        var joint = ""
        var start = 0
        var index = 0
        outer: while index < chars.count {
            let char = lower[index]
            guard char == " " || char == ";" || char == ":" || char == "," else { index += 1; continue }
            for mark in breakChars where matches(mark, at: index) {
                pieces.append((joint, String(chars[start..<index])))
                joint = String(mark)
                index += mark.count
                start = index
                continue outer
            }
            for connective in connectiveChars where matches(connective, at: index) {
                if endsWith(" such", before: index) || endsWith(" as many", before: index) || endsWith(" as much", before: index)
                    || endsWith(" as well", before: index)
                    || (connective == connectiveChars[4] && roleWords.contains(nextWord(lower, from: index + connective.count))) {
                    continue
                }
                pieces.append((joint, String(chars[start..<index])))
                joint = String(connective)
                index += connective.count
                start = index
                continue outer
            }
            index += 1
        }
        pieces.append((joint, String(chars[start..<chars.count])))
        guard pieces.count > 1 else { return [sentence] }
        var result: [String] = []
        for (joint, piece) in pieces {
            if joint == ": ", result.count == 1, wordCount(result[0]) <= 4 {
                // A short label before a colon ("Emmy Awards 2021: ...") stays with its clause.
                result[0] = (result[0] + joint + piece).trimmingWhitespace()
                continue
            }
            if let last = result.last, wordCount(piece) < 3 || wordCount(last) < 3 {
                // Too short to stand alone: put it back with the words that joined it.
                result[result.count - 1] = (last + joint + piece).trimmingWhitespace()
            } else if !piece.trimmingWhitespace().isEmpty {
                result.append(piece.trimmingWhitespace())
            }
        }
        return result.isEmpty ? [sentence] : result
    }

    /// Words after " as " that make it a role or comparison ("elected Smith as its leader",
    /// "as a result", "as well as"), not a clause of its own.
    static let roleWords: Set<String> = [
        "a", "an", "the", "its", "his", "her", "their", "our", "my", "your", "part", "well", "much", "many", "long", "soon",
        "if", "though", "of", "to", "for", "usual", "expected", "planned", "such",
    ]

    static func nextWord(_ chars: [Character], from start: Int) -> String {
        var end = start
        while end < chars.count, chars[end].isLetter { end += 1 }
        return String(chars[start..<end])
    }

    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).filter { $0.count >= 2 }.count
    }
}
