/// Splits a sentence into clauses, so that a sentence that states two things ("Haitian
/// migrants beg Biden not to send them back as removal flights start") can align on each.
///
/// A clause ends before `;`, a dash between spaces, `: `, and before ", and", ", but",
/// ", while", " while ", " as ", " after ", " amid ", " despite " (the connective itself is
/// dropped). A clause with fewer than three words of two letters or more is joined to its
/// neighbour, so "X said" never stands alone.
enum ClauseSplitter {
    static let connectives = [", and ", ", but ", ", while ", " while ", " as ", " after ", " amid ", " despite "]
    static let breaks = ["; ", " -- ", " — ", " – ", ": "]

    static func clauses(of sentence: String) -> [String] {
        var pieces: [(joint: String, text: String)] = []
        var joint = ""
        var current = ""
        let lower = Array(sentence.lowercased())
        let chars = Array(sentence)
        var index = 0
        outer: while index < chars.count {
            for mark in breaks {
                let m = Array(mark)
                if index + m.count <= chars.count, Array(chars[index..<index + m.count]) == m {
                    pieces.append((joint, current))
                    joint = mark
                    current = ""
                    index += m.count
                    continue outer
                }
            }
            for connective in connectives {
                let c = Array(connective)
                if index + c.count <= lower.count, Array(lower[index..<index + c.count]) == c,
                   !current.lowercased().hasSuffix(" such"), !current.lowercased().hasSuffix(" as many"),
                   !current.lowercased().hasSuffix(" as much"), !current.lowercased().hasSuffix(" as well") {
                    pieces.append((joint, current))
                    joint = String(chars[index..<index + c.count])
                    current = ""
                    index += c.count
                    continue outer
                }
            }
            current.append(chars[index])
            index += 1
        }
        pieces.append((joint, current))
        var result: [String] = []
        for (joint, piece) in pieces {
            if let last = result.last, wordCount(piece) < 3 || wordCount(last) < 3 {
                // Too short to stand alone: put it back with the words that joined it.
                result[result.count - 1] = (last + joint + piece).trimmingWhitespace()
            } else if !piece.trimmingWhitespace().isEmpty {
                result.append(piece.trimmingWhitespace())
            }
        }
        return result.isEmpty ? [sentence] : result
    }

    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).filter { $0.count >= 2 }.count
    }
}
