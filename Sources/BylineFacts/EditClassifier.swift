import Foundation
import BylineText

/// Compares the versions of an item word by word and classes each change.
///
/// Texts are compared after ``TextHygiene`` (a change in boilerplate is no edit of the news).
/// The word difference is a longest common subsequence over whitespace-separated words. Then:
/// - same letters and digits ignoring case -> cosmetic `case`; same ignoring punctuation ->
///   cosmetic `punctuation`;
/// - more than half of the old text's words (of letters or digits) removed, three or more, and
///   more than half of the new text's added -> substantive `rewrite`: the claim said anew, whatever figures and
///   names it changes;
/// - a figure removed or added (the numbers removed are not those added: one that only moved or
///   changed case is the same figure) -> substantive `number`: a numeral (a word that starts with a
///   digit: "12", "1,200", "12th", "$5m" once stripped of its sign) or a number word ("five",
///   "dozen", "hundreds", "million"); a code with a digit inside ("v1", "A380", "COVID-19") is
///   no count;
/// - removed and added words pair up one to one, each within two letters (Levenshtein) of its
///   partner -> cosmetic `typo`;
/// - a capitalised word (not opening the text or a sentence, text not in Title Case) removed
///   or added, other than in case -> `name`;
/// - otherwise substantive `wording` (a claim added or removed).
///
/// A headline change that only adds, drops or changes a label (``HeadlineCleaner``: "… | ABS-CBN
/// News", "LIVE:") is cosmetic `label`. Weekday and month names are not names.
///
/// A summary or content change that only adds or drops the outlet's template lines
/// (``TextHygiene/templates``, learned from repetition across its stories: a YouTube channel's
/// "Here's the full episode of Dr. Love, September 19, 2021." under each show's video) is
/// cosmetic `boilerplate`: such a line is the outlet's wrapping, not its news. A template line
/// whose slots change ("23 new cases" -> "24 new cases", one template on both sides) is compared
/// as any sentence is; so are the other sentences of an edit that also adds a template line.
public enum EditClassifier {
    /// Words that announce a change in the text itself; an edit whose new text adds one is not
    /// silent.
    static let notices = ["updated", "update:", "correction", "corrected", "editor's note", "editor’s note", "clarification", "this story has been"]

    /// Every change between consecutive versions of `item`, in time order (title, summary,
    /// content for each pair).
    public static func edits(of item: FactItem, hygiene: TextHygiene = .fixedRulesOnly) -> [Edit] {
        var result: [Edit] = []
        for (old, new) in zip(item.versions, item.versions.dropFirst()) {
            // A notice anywhere in the new version announces every change of that version.
            let lowerOld = [old.title, old.summary, old.content ?? ""].joined(separator: "\n").lowercased()
            let lowerNew = [new.title, new.summary, new.content ?? ""].joined(separator: "\n").lowercased()
            let announced = notices.contains { lowerNew.contains($0) && !lowerOld.contains($0) }
            let pairs: [(Edit.Field, String, String)] = [
                (.title, old.title, new.title), (.summary, old.summary, new.summary),
                (.content, old.content ?? "", new.content ?? ""),
            ]
            for (field, before, after) in pairs where before != after {
                let sentencesBefore = hygiene.sentences(of: before, outlet: item.outlet)
                let sentencesAfter = hygiene.sentences(of: after, outlet: item.outlet)
                let cleanBefore = sentencesBefore.joined(separator: " ")
                let cleanAfter = sentencesAfter.joined(separator: " ")
                guard var change = classify(old: cleanBefore, new: cleanAfter) else { continue }
                // The outlet's template lines added or dropped are its wrapping: what else changed
                // decides, and nothing else is `boilerplate`.
                if field != .title, change.kind == .substantive {
                    let kept = withoutTemplateLines(old: sentencesBefore, new: sentencesAfter, hygiene: hygiene, outlet: item.outlet)
                    let keptBefore = kept.old.joined(separator: " "), keptAfter = kept.new.joined(separator: " ")
                    if keptBefore == keptAfter {
                        change.kind = .cosmetic
                        change.reason = "boilerplate"
                    } else if keptBefore != cleanBefore || keptAfter != cleanAfter, let rest = classify(old: keptBefore, new: keptAfter) {
                        change.kind = rest.kind
                        change.reason = rest.reason
                    }
                }
                // A headline label added, dropped or changed ("... | ABS-CBN News", "LIVE:") is
                // no change of what the headline says.
                if field == .title, change.kind == .substantive, HeadlineCleaner.clean(before) == HeadlineCleaner.clean(after) {
                    change.kind = .cosmetic
                    change.reason = "label"
                }
                result.append(Edit(itemID: item.itemID, outlet: item.outlet, field: field, from: old.seenAt, to: new.seenAt,
                                   kind: change.kind, reason: change.reason, removed: change.removed.joined(separator: " "),
                                   added: change.added.joined(separator: " "), isSilent: !announced))
            }
        }
        return result
    }

    /// `old` and `new` (sentences after hygiene) without the template lines of `outlet`
    /// (``TextHygiene/templateLines(of:outlet:)``) that one side has and the other lacks, unless
    /// the other side has a line of the same template (its slots changed: compared as any
    /// sentence is). Lines both sides have are kept.
    static func withoutTemplateLines(old: [String], new: [String], hygiene: TextHygiene, outlet: String) -> (old: [String], new: [String]) {
        guard let known = hygiene.templates[outlet], !known.isEmpty else { return (old, new) }
        // Each line's template key, computed once.
        let oldKeys = old.map(TextHygiene.templateKey), newKeys = new.map(TextHygiene.templateKey)
        guard (oldKeys + newKeys).contains(where: { $0.map(known.contains) == true }) else { return (old, new) }
        let oldSet = Set(old), newSet = Set(new)
        let removedTemplates = Set(old.indices.filter { !newSet.contains(old[$0]) }.compactMap { oldKeys[$0] })
        let addedTemplates = Set(new.indices.filter { !oldSet.contains(new[$0]) }.compactMap { newKeys[$0] })
        func kept(_ lines: [String], keys: [String?], other: Set<String>, otherTemplates: Set<String>) -> [String] {
            lines.indices.filter { index in
                guard let key = keys[index], known.contains(key), !other.contains(lines[index]) else { return true }
                return otherTemplates.contains(key)
            }.map { lines[$0] }
        }
        return (kept(old, keys: oldKeys, other: newSet, otherTemplates: addedTemplates),
                kept(new, keys: newKeys, other: oldSet, otherTemplates: removedTemplates))
    }

    /// Classes the change from `old` to `new`; nil when the texts are equal.
    ///
    /// - Returns: the class, the reason, and the words removed and added.
    public static func classify(old: String, new: String) -> (kind: Edit.Class, reason: String, removed: [String], added: [String])? {
        guard old != new else { return nil }
        let (removed, added) = difference(words(old), words(new))
        if letters(old) == letters(new) {
            return (.cosmetic, old.lowercased() == new.lowercased() ? "case" : "punctuation", removed, added)
        }
        let removedCore = removed.map(core).filter { !$0.isEmpty }
        let addedCore = added.map(core).filter { !$0.isEmpty }
        if removedCore.lowercased() == addedCore.lowercased(), !removedCore.isEmpty {
            return (.cosmetic, removedCore == addedCore ? "punctuation" : "case", removed, added)
        }
        // Most of the text replaced, not a part of it changed: whatever figures or names the
        // new text gives, the claim is said anew.
        // (Words of letters or digits on both sides; not when the texts were too long to compare
        // word by word, which leaves their whole differing middles as removed and added.)
        let oldCount = words(old).filter { !core($0).isEmpty }.count, newCount = words(new).filter { !core($0).isEmpty }.count
        if removedCore.count >= 3, 2 * removedCore.count > oldCount, 2 * addedCore.count > newCount,
           removed.count * added.count <= comparedPairs {
            return (.substantive, "rewrite", removed, added)
        }
        // A figure changed: the numbers removed are not those added (a number that only moved
        // or changed case, "Eight killed" -> "At least eight dead", is the same figure).
        let removedFigures = removedCore.filter(isNumber).map { $0.lowercased() }.sorted()
        let addedFigures = addedCore.filter(isNumber).map { $0.lowercased() }.sorted()
        if removedFigures != addedFigures {
            return (.substantive, "number", removed, added)
        }
        if removedCore.count == addedCore.count, !removedCore.isEmpty,
           zip(removedCore, addedCore).allSatisfy({ levenshtein($0.lowercased(), $1.lowercased()) <= 2 && min($0.count, $1.count) >= 3 }) {
            return (.cosmetic, "typo", removed, added)
        }
        let names = nameWords(old).union(nameWords(new))
        let lowerRemoved = Set(removedCore.map { $0.lowercased() })
        let lowerAdded = Set(addedCore.map { $0.lowercased() })
        if removedCore.contains(where: { names.contains($0) && !lowerAdded.contains($0.lowercased()) })
            || addedCore.contains(where: { names.contains($0) && !lowerRemoved.contains($0.lowercased()) }) {
            return (.substantive, "name", removed, added)
        }
        return (.substantive, "wording", removed, added)
    }

    /// Whether a word's letters and digits (``core(_:)``) say how many: a numeral (it starts with
    /// a digit) or a number word (``FactUnitExtractor/numberWords``, any case, as
    /// ``SentenceSignature`` reads numbers) or a scale word, singular or plural ("thousand",
    /// "millions", "dozens").
    static func isNumber(_ core: String) -> Bool {
        if core.first?.isNumber == true { return true }
        let lower = core.lowercased()
        if FactUnitExtractor.numberWords[lower] != nil { return true }
        let singular = lower.hasSuffix("s") ? String(lower.dropLast()) : lower
        return singular.count > 2 && FactUnitExtractor.scales[singular] != nil
    }

    /// Capitalised words that do not open the text or a sentence, unless the text is in Title
    /// Case (where every word is capitalised).
    static func nameWords(_ text: String) -> Set<String> {
        let all = words(text)
        let long = all.map(core).filter { $0.count >= 4 }
        if !long.isEmpty, Double(long.filter { $0.first?.isUppercase == true }.count) / Double(long.count) > 0.6 { return [] }
        var result: Set<String> = []
        for (index, word) in all.enumerated() where index > 0 {
            let previous = all[index - 1]
            if let last = previous.last, ".!?:".contains(last) { continue }
            let stripped = core(word)
            if stripped.first?.isUppercase == true, stripped.count > 1,
               !FactUnitExtractor.weekdays.contains(stripped.lowercased()), !FactUnitExtractor.months.contains(stripped.lowercased()) {
                result.insert(stripped)
            }
        }
        return result
    }

    static func words(_ text: String) -> [String] { text.split(whereSeparator: \.isWhitespace).map(String.init) }

    static func letters(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    static func core(_ word: String) -> String {
        String(word.filter { $0.isLetter || $0.isNumber })
    }

    /// The most word pairs ``difference(_:_:)`` compares (a longest common subsequence table of
    /// that many cells, about 32 MB); past it the differing middles count as removed and added whole.
    static let comparedPairs = 4_000_000

    /// Words of `old` not in the longest common subsequence, and words of `new` not in it.
    static func difference(_ old: [String], _ new: [String]) -> ([String], [String]) {
        // Trim the common prefix and suffix first: edits are usually local.
        var start = 0
        while start < old.count, start < new.count, old[start] == new[start] { start += 1 }
        var endOld = old.count, endNew = new.count
        while endOld > start, endNew > start, old[endOld - 1] == new[endNew - 1] { endOld -= 1; endNew -= 1 }
        let a = Array(old[start..<endOld]), b = Array(new[start..<endNew])
        guard !a.isEmpty, !b.isEmpty else { return (a, b) }
        guard a.count * b.count <= comparedPairs else { return (a, b) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var removed: [String] = [], added: [String] = []
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { i += 1; j += 1 } else if table[i + 1][j] >= table[i][j + 1] { removed.append(a[i]); i += 1 } else { added.append(b[j]); j += 1 }
        }
        removed += a[i...]
        added += b[j...]
        return (removed, added)
    }

    static func levenshtein(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var previous = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var current = [i] + [Int](repeating: 0, count: y.count)
            for j in 1...max(y.count, 1) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}

extension Array where Element == String {
    fileprivate func lowercased() -> [String] { map { $0.lowercased() } }
}
