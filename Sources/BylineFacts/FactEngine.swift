import Foundation

/// Lines up the facts that the outlets of one story state, credits each to the outlet that
/// carried it first, and collects explicit priority claims.
///
/// Rules (first version):
/// - Units: each version's title is one unit; its summary is split with ``SentenceSplitter``.
/// - Time: a unit's time at an outlet is when that outlet's text first carried it:
///   `ObservedTime(firstSeen: version.seenAt, previousPull: version.previousPull, published:)`
///   with the item's publisher time only for the item's first version (an edit was not published
///   at the item's pubDate).
/// - Alignment: units are taken in order of time (``ObservedTime/latest``, then outlet id, item
///   id, version, position) and each joins the existing fact it is most similar to, or starts a
///   new one. Similarity is the Dice coefficient over stemmed content words and numbers; a unit
///   joins a fact when it reaches ``alignmentThreshold`` with some mention, shares at least
///   ``minimumShared`` words or numbers with it, and is compatible with every mention (numbers
///   and names may only add, never differ: "10 killed" never aligns with "12 killed"). Ties go to
///   the older fact. Greedy and deterministic.
/// - Within one outlet, a unit that matches a fact the outlet already carries adds nothing: the
///   earliest mention stands (so repeated sentences and later versions count once).
/// - Credit: ``Credit/first(of:)`` over a fact's mentions, a tie when windows overlap.
public enum FactEngine {
    /// Minimum Dice similarity, in `[0, 1]`, for two sentences to state the same fact.
    public static let alignmentThreshold = 0.55
    /// Minimum number of content words and numbers two aligned sentences share.
    public static let minimumShared = 2

    private struct Unit {
        var outlet: String
        var itemID: Int64
        var sentence: String
        var time: ObservedTime
        var signature: SentenceSignature
        var version: Int
        var position: Int
    }

    private struct Draft {
        var mentions: [Mention]
        var signatures: [SentenceSignature]
    }

    /// Analyses the items of one story.
    ///
    /// - Parameter items: the story's items with all their versions, in any order.
    /// - Returns: every fact (see ``StoryFacts/shared`` for those of two or more outlets) and the
    ///   explicit attributions found in any version's title or summary.
    public static func analyze(_ items: [FactItem]) -> StoryFacts {
        let ordered = items.sorted { ($0.outlet, $0.itemID) < ($1.outlet, $1.itemID) }
        var units: [Unit] = []
        var attributionKeys: Set<String> = []
        var attributions: [(time: Date, attribution: Attribution)] = []

        for item in ordered {
            for (versionIndex, version) in item.versions.enumerated() {
                let time = ObservedTime(
                    firstSeen: version.seenAt, previousPull: version.previousPull,
                    published: versionIndex == 0 ? item.published : nil)
                let title = version.title.trimmingWhitespace()
                var texts = title.isEmpty ? [] : [title]
                texts += SentenceSplitter.sentences(in: version.summary)
                for (position, text) in texts.enumerated() {
                    units.append(Unit(outlet: item.outlet, itemID: item.itemID, sentence: text, time: time,
                                      signature: SentenceSignature(text), version: versionIndex, position: position))
                }
                for text in [version.title, version.summary] {
                    for attribution in AttributionExtractor.attributions(in: text, itemID: item.itemID, outlet: item.outlet) {
                        let key = "\(attribution.itemID)\u{1}\(attribution.kind.rawValue)\u{1}\(attribution.credited)"
                        if attributionKeys.insert(key).inserted {
                            attributions.append((time.latest, attribution))
                        }
                    }
                }
            }
        }

        units.sort { lhs, rhs in
            if lhs.time.latest != rhs.time.latest { return lhs.time.latest < rhs.time.latest }
            if lhs.outlet != rhs.outlet { return lhs.outlet < rhs.outlet }
            if lhs.itemID != rhs.itemID { return lhs.itemID < rhs.itemID }
            if lhs.version != rhs.version { return lhs.version < rhs.version }
            return lhs.position < rhs.position
        }

        var drafts: [Draft] = []
        for unit in units where !unit.signature.words.isEmpty || !unit.signature.numbers.isEmpty {
            var best: (index: Int, score: Double)?
            for (index, draft) in drafts.enumerated() {
                guard draft.signatures.allSatisfy({ $0.isCompatible(with: unit.signature) }) else { continue }
                var score = 0.0
                for signature in draft.signatures where signature.sharedCount(with: unit.signature) >= minimumShared {
                    score = max(score, signature.similarity(to: unit.signature))
                }
                if score >= alignmentThreshold, score > (best?.score ?? 0) { best = (index, score) }
            }
            let mention = Mention(outlet: unit.outlet, itemID: unit.itemID, sentence: unit.sentence, time: unit.time)
            if let best {
                if drafts[best.index].mentions.contains(where: { $0.outlet == unit.outlet }) { continue }
                drafts[best.index].mentions.append(mention)
                drafts[best.index].signatures.append(unit.signature)
            } else {
                drafts.append(Draft(mentions: [mention], signatures: [unit.signature]))
            }
        }

        let facts = drafts.enumerated().compactMap { index, draft -> Fact? in
            guard let credit = Credit.first(of: draft.mentions.map { ($0.outlet, $0.time) }) else { return nil }
            return Fact(id: index + 1, text: draft.mentions[0].sentence, mentions: draft.mentions,
                        credit: credit, outlets: draft.mentions.map(\.outlet))
        }
        let sortedAttributions = attributions.enumerated().sorted { lhs, rhs in
            lhs.element.time != rhs.element.time ? lhs.element.time < rhs.element.time : lhs.offset < rhs.offset
        }.map(\.element.attribution)
        return StoryFacts(facts: facts, attributions: sortedAttributions)
    }
}
