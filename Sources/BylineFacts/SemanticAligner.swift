import BylineText
import Foundation

/// How the fact engine groups units by meaning, when every unit has a sentence embedding.
public struct FactSettings: Sendable, Hashable {
    /// Minimum mean pair score, in `[-1, 1]`, between the units of two groups for the groups to
    /// become one fact.
    public var joinThreshold: Double
    /// Weight of meaning in a pair score: `meaningWeight * meaning + (1 - meaningWeight) *
    /// wording`, where meaning is the cosine of the two units' embeddings and wording the
    /// weighted word similarity of the lexical engine (``FactEngine``'s rules).
    public var meaningWeight: Double

    /// Creates settings.
    public init(joinThreshold: Double, meaningWeight: Double) {
        self.joinThreshold = joinThreshold
        self.meaningWeight = meaningWeight
    }

    /// The settings of the reports.
    public static let `default` = FactSettings(joinThreshold: 0.6, meaningWeight: 0.8)
}

/// Groups a story's units into facts by meaning and wording, within the limits the texts set.
///
/// Average-link agglomerative clustering over the story's units: the two groups whose units
/// resemble each other most on average are merged while that mean pair score is at least
/// ``FactSettings/joinThreshold``. Two groups never merge when a pair of their units is
/// incompatible; two units are compatible when:
/// - bare numbers agree and no name is put in place of another (``SentenceSignature``);
/// - the same number does not count two different things ("32 were injured" / "32 were
///   killed"): when both give a count of one value, the counted nouns agree;
/// - the same two names do not swap roles around the same verb ("China warns the US" / "the US
///   warns China");
/// - a fact holds one sentence of an item once.
enum SemanticAligner {
    struct Member {
        var unit: FactEngine.Unit
        /// The unit's embedding, unit length (zeros when missing).
        var vector: [Float]
    }

    /// The units grouped into facts, each group in the units' order, groups in order of their
    /// first unit.
    static func align(_ units: [FactEngine.Unit], vectors: [String: [Float]], settings: FactSettings,
                      weight: (String) -> Double) -> [[FactEngine.Unit]] {
        let dimension = units.lazy.compactMap { vectors[$0.fact.sentence]?.count }.first ?? 0
        let members = units.map { unit in
            Member(unit: unit, vector: vectors[unit.fact.sentence].flatMap { $0.count == dimension ? $0 : nil }
                ?? [Float](repeating: 0, count: dimension))
        }
        return agglomerate(members, settings: settings, weight: weight).map { $0.map { members[$0].unit } }
    }

    /// Average-link agglomerative clustering: repeatedly merges the two groups with the highest
    /// mean pair score, while it is at least the join threshold and no pair across them is
    /// incompatible. Ties go to the pair with the earlier units. Each group's members stay in
    /// the units' order (time), and groups are returned in order of their first member.
    static func agglomerate(_ members: [Member], settings: FactSettings, weight: (String) -> Double) -> [[Int]] {
        let count = members.count
        guard count > 1 else { return members.indices.map { [$0] } }
        // Group-pair sums of scores and counts of incompatible pairs, row-major.
        var sums = [Double](repeating: 0, count: count * count)
        var conflicts = [Int32](repeating: 0, count: count * count)
        for i in 0..<count {
            for j in (i + 1)..<count {
                let value = score(members[i], members[j], settings: settings, weight: weight)
                sums[i * count + j] = value
                sums[j * count + i] = value
                if !compatible(members[i].unit, members[j].unit) {
                    conflicts[i * count + j] = 1
                    conflicts[j * count + i] = 1
                }
            }
        }
        var groups: [[Int]?] = (0..<count).map { [$0] }
        var best = [(partner: Int, mean: Double)](repeating: (-1, -1), count: count)
        func bestPartner(_ i: Int) -> (partner: Int, mean: Double) {
            guard let group = groups[i] else { return (-1, -1) }
            var result: (partner: Int, mean: Double) = (-1, -1)
            for j in 0..<count where j != i {
                guard let other = groups[j], conflicts[i * count + j] == 0 else { continue }
                let mean = sums[i * count + j] / Double(group.count * other.count)
                if mean > result.mean || (mean == result.mean && j < result.partner) { result = (j, mean) }
            }
            return result
        }
        for i in 0..<count { best[i] = bestPartner(i) }
        while true {
            var pick: (i: Int, j: Int, mean: Double)?
            for i in 0..<count where groups[i] != nil && best[i].partner >= 0 {
                let mean = best[i].mean
                if mean >= settings.joinThreshold, mean > (pick?.mean ?? -1) { pick = (i, best[i].partner, mean) }
            }
            guard let (a, b, _) = pick else { break }
            let (keep, gone) = a < b ? (a, b) : (b, a)
            groups[keep]! += groups[gone]!
            groups[keep]!.sort()
            groups[gone] = nil
            for k in 0..<count where k != keep {
                sums[keep * count + k] += sums[gone * count + k]
                sums[k * count + keep] = sums[keep * count + k]
                conflicts[keep * count + k] += conflicts[gone * count + k]
                conflicts[k * count + keep] = conflicts[keep * count + k]
            }
            best[gone] = (-1, -1)
            for k in 0..<count where groups[k] != nil {
                if k == keep || best[k].partner == keep || best[k].partner == gone {
                    best[k] = bestPartner(k)
                } else if conflicts[k * count + keep] == 0, let group = groups[k] {
                    let mean = sums[k * count + keep] / Double(group.count * groups[keep]!.count)
                    if mean > best[k].mean { best[k] = (keep, mean) }
                }
            }
        }
        return groups.compactMap { $0 }.sorted { $0[0] < $1[0] }
    }

    static func score(_ a: Member, _ b: Member, settings: FactSettings, weight: (String) -> Double) -> Double {
        var meaning: Float = 0
        for index in a.vector.indices { meaning += a.vector[index] * b.vector[index] }
        let wording = a.unit.signature.similarity(to: b.unit.signature, weight: weight)
        return settings.meaningWeight * Double(meaning) + (1 - settings.meaningWeight) * wording
    }

    /// Whether two units can state the same fact (the rules in the type's documentation).
    static func compatible(_ a: FactEngine.Unit, _ b: FactEngine.Unit) -> Bool {
        if a.itemID == b.itemID, a.sentence == b.sentence { return false }
        guard a.signature.numbersAgree(with: b.signature) else { return false }
        if countsDiffer(a.fact, b.fact) { return false }
        if rolesSwapped(a, b) || actorReplaced(a, b) { return false }
        return true
    }

    /// Whether one value counts different things in the two units: a value both give, whose
    /// nouns differ, and neither unit counts the other's noun with it.
    static func countsDiffer(_ a: FactUnit, _ b: FactUnit) -> Bool {
        let counts = { (unit: FactUnit) in unit.quantities.filter { !$0.noun.isEmpty && !FactUnitExtractor.durationNouns.contains($0.noun) } }
        let (left, right) = (counts(a), counts(b))
        for x in left {
            let same = right.filter { $0.value == x.value }
            guard !same.isEmpty else { continue }
            if same.contains(where: { $0.noun == x.noun }) { continue }
            let leftNouns = Set(left.filter { $0.value == x.value }.map(\.noun))
            if same.allSatisfy({ !leftNouns.contains($0.noun) }) { return true }
        }
        return false
    }

    /// Whether a word reads as a name: capitalised and not a stop word, or an acronym of two or
    /// more capitals ("US", "UN").
    static func capitalised(_ word: String) -> Bool {
        guard word.first?.isUppercase == true else { return false }
        if word.count >= 2, word.allSatisfy({ $0.isUppercase || $0.isNumber }) { return true }
        return !FactStopWords.english.contains(word.lowercased())
    }

    /// Whether the two units open with different actors and go on alike: each opens with a run
    /// of capitalised words (its subject) none of which the other unit uses anywhere, and the rest
    /// of their content words are nearly the same (Dice at least 0.5): "Pelosi says the bill will
    /// pass" / "McConnell says the bill will pass". Title Case text is not read this way, since
    /// every word of it is capitalised.
    static func actorReplaced(_ a: FactEngine.Unit, _ b: FactEngine.Unit) -> Bool {
        let (left, right) = (SentenceSignature.rawWords(a.sentence), SentenceSignature.rawWords(b.sentence))
        guard !isTitleCase(left), !isTitleCase(right) else { return false }
        let opening = { (words: [String]) in Set(words.prefix { capitalised($0) }) }
        let (mine, theirs) = (opening(left), opening(right))
        guard !mine.isEmpty, !theirs.isEmpty, mine.isDisjoint(with: right), theirs.isDisjoint(with: left) else { return false }
        let content = { (words: [String], names: Set<String>) in
            Set(words.filter { !names.contains($0) && !FactStopWords.english.contains($0.lowercased()) && $0.count >= 2 }
                .map { LightStemmer.stem($0.lowercased()) })
        }
        let (rest, otherRest) = (content(left, mine), content(right, theirs))
        let total = rest.count + otherRest.count
        guard total > 0 else { return false }
        return 2 * Double(rest.intersection(otherRest).count) / Double(total) >= 0.5
    }

    /// More than 60% of the words of four letters or more are capitalised.
    static func isTitleCase(_ words: [String]) -> Bool {
        let long = words.filter { $0.count >= 4 && $0.first?.isNumber == false }
        guard !long.isEmpty else { return false }
        return Double(long.filter { $0.first?.isUppercase == true }.count) / Double(long.count) > 0.6
    }

    /// Whether the two units name the same two people or bodies in the opposite order, with a
    /// word both use between them (the verb: the actor and the object changed places), neither in
    /// the passive voice ("by"): "China warns the US" / "The US warns China".
    static func rolesSwapped(_ a: FactEngine.Unit, _ b: FactEngine.Unit) -> Bool {
        let (left, right) = (SentenceSignature.rawWords(a.sentence), SentenceSignature.rawWords(b.sentence))
        let isName = capitalised
        let leftNames = left.filter(isName)
        let shared = leftNames.filter { name in right.contains(name) }
        guard Set(shared).count >= 2 else { return false }
        let hasBy = { (words: [String]) in words.contains { $0.lowercased() == "by" } }
        if hasBy(left) || hasBy(right) { return false }
        let lowerWords = { (words: ArraySlice<String>) in Set(words.filter { !isName($0) && !FactStopWords.english.contains($0.lowercased()) }.map { $0.lowercased() }) }
        let names = Array(Set(shared)).sorted()
        for i in names.indices {
            for j in names.indices where j > i {
                guard let lx = left.firstIndex(of: names[i]), let ly = left.firstIndex(of: names[j]),
                      let rx = right.firstIndex(of: names[i]), let ry = right.firstIndex(of: names[j]),
                      (lx < ly) != (rx < ry) else { continue }
                let between = lowerWords(left[min(lx, ly)..<max(lx, ly)])
                let otherBetween = lowerWords(right[min(rx, ry)..<max(rx, ry)])
                if !between.isDisjoint(with: otherBetween) { return true }
            }
        }
        return false
    }
}
