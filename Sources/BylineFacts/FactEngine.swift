import Foundation
import BylineText

/// Lines up the facts that the outlets of one story state, credits each to the outlet that
/// carried it first, and collects and checks explicit attributions.
///
/// Rules:
/// - Units: each version's title, and the sentences of its summary and content after
///   ``TextHygiene`` (boilerplate, URLs, hashtags out), each read by ``FactUnitExtractor``. A
///   sentence an item repeats in a later version is the same unit: its time is the first
///   version's.
/// - Time: a unit's time at an outlet is when that outlet's text first carried it:
///   `ObservedTime(firstSeen: version.seenAt, previousPull: version.previousPull, published:)`
///   with the item's publisher time only for the item's first version (an edit was not published
///   at the item's pubDate).
/// - Alignment by meaning, when `vectors` holds an embedding for every sentence of the story
///   (``unitTexts(of:hygiene:)``) and the story has at most 2,000 of them: units are whole
///   sentences, grouped by ``SemanticAligner`` (average-link clustering over meaning and
///   wording, never across incompatible sentences; ``FactSettings``); a fact's values are those
///   of the figure its text states (``withValues(_:)``), and it is a quantity when at least half
///   give one.
/// - Alignment on words otherwise, units taken in order of time (``ObservedTime/latest``, then outlet, item,
///   version, position):
///   - a unit with a counted quantity (``FactUnit/mainQuantity``) joins the quantity fact of the
///     same noun whose median value is within a factor of ``valueRatio`` of its value and with
///     which it shares some wording (weighted similarity at least ``quantityThreshold``, or the
///     same value), else starts one: "9,500 migrants" and "14,000 migrants" are one fact with
///     two values;
///   - any other unit joins the statement fact it is most similar to: weighted Dice over stemmed
///     content words and adjacent pairs (weights: inverse document frequency within the story,
///     so words every item of the story uses count little) at least ``alignmentThreshold``,
///     sharing at least ``minimumShared`` content words with some mention;
///   - both only when compatible (``SentenceSignature/isCompatible(with:)``: bare numbers
///     agree, no name put in place of another) with every wording of a statement fact, or with
///     the first wording of a quantity fact. Ties go to the older fact.
///   Greedy and deterministic; the cost grows with the story's units times its facts, never
///   with the history.
/// - Credit: ``Credit/first(of:)`` over a fact's mentions, a tie when windows overlap. Items of
///   one wire group (the same agency text under several outlets) count once: a mention is a copy
///   of the group's earliest mention of the fact only when it is later (its time does not
///   overlap the earliest's); one whose time ties with the earliest may have come first, so it
///   competes too and the credit is a tie.
/// - Values: Kendall's tau between mention time and value; see ``Fact/Trend``.
/// - Attributions: ``AttributionExtractor`` over the cleaned sentences; each scoop claim
///   (EXCLUSIVE, FIRST ON X) is checked against the facts of the claiming item.
public enum FactEngine {
    /// Minimum weighted similarity, in `[0, 1]`, for two statements to be the same fact.
    public static let alignmentThreshold = 0.45
    /// Minimum weighted similarity of a statement with the first wording of the fact it joins.
    public static let anchorThreshold = 0.3
    /// Minimum number of content words two aligned statements share.
    public static let minimumShared = 2
    /// Minimum weighted similarity for two sentences giving different values of one quantity.
    public static let quantityThreshold = 0.12
    /// Largest ratio between a value and a quantity fact's median value for it to join.
    public static let valueRatio = 2.0
    /// Values of different outlets this close in time (seconds, between time estimates), or
    /// with overlapping windows, are given at the same time: 6 hours.
    public static let sameTime: TimeInterval = 6 * 3600

    struct Unit {
        var outlet: String
        var itemID: Int64
        /// The whole sentence the clause comes from.
        var sentence: String
        /// The clause, read.
        var fact: FactUnit
        var time: ObservedTime
        var signature: SentenceSignature
        var version: Int
        var position: Int
        /// The counted quantity this unit stands for; a sentence with several gives one unit
        /// per quantity.
        var quantity: Quantity?
    }

    private struct Draft {
        var units: [Unit]
        var isQuantity: Bool
        var noun: String
    }

    /// Analyses the items of one story.
    ///
    /// - Parameters:
    ///   - items: the story's items with all their versions, in any order.
    ///   - hygiene: what to remove from the texts (learned boilerplate per outlet).
    ///   - wireGroups: sets of item ids that carry one agency report; each set counts once.
    ///   - vectors: sentence -> unit-length embedding for the texts of ``unitTexts(of:hygiene:)``;
    ///     empty (the default), or missing one of them, to align on words.
    ///   - tokens: sentence -> its word pieces' embeddings; when every unit has them, units are
    ///     aligned token by token (``TokenVectors``).
    ///   - clauseMarkers: the word-piece ids of ``clauseMarkerWords`` in the model's vocabulary
    ///     (empty: no sentence has a background clause).
    ///   - settings: how sentences are grouped by meaning.
    ///   - outlets: the outlets Byline follows, for their news organisations: a scoop claim is
    ///     checked against the outlets of other organisations only (`cnntv`, CNN's YouTube
    ///     channel, carrying a fact before `cnn` does not contradict CNN's "EXCLUSIVE").
    /// - Returns: every fact (see ``StoryFacts/shared`` for those of two or more outlets) and the
    ///   attributions found in the cleaned texts, scoop claims checked.
    public static func analyze(_ items: [FactItem], hygiene: TextHygiene = .fixedRulesOnly, wireGroups: [[Int64]] = [],
                               vectors: [String: [Float]] = [:], tokens: [String: TokenVectors] = [:],
                               clauseMarkers: Set<Int32> = [], settings: FactSettings = .default,
                               outlets: OutletDirectory = OutletDirectory()) -> StoryFacts {
        // By meaning only when every unit has a vector (a text that could not be embedded keeps
        // the story on words).
        // A story of more than ``maximumSentencesByMeaning`` sentences is aligned on words too:
        // meaning costs the square of its sentences in time and memory.
        let ordered = items.sorted { ($0.outlet, $0.itemID) < ($1.outlet, $1.itemID) }
        // Each version's cleaned sentences, read once.
        let cleaned = ordered.map { cleanedSentences(of: $0, hygiene: hygiene) }
        let byMeaning: Bool
        if vectors.isEmpty {
            byMeaning = false
        } else {
            let texts = Set(cleaned.joined().joined())
            byMeaning = texts.count <= maximumSentencesByMeaning && texts.allSatisfy { vectors[$0] != nil }
        }
        var units: [Unit] = []
        var attributionKeys: Set<String> = []
        var attributions: [(time: Date, attribution: Attribution)] = []

        for (itemIndex, item) in ordered.enumerated() {
            var seen: Set<String> = []
            for (versionIndex, version) in item.versions.enumerated() {
                let time = ObservedTime(
                    firstSeen: version.seenAt, previousPull: version.previousPull,
                    published: versionIndex == 0 ? item.published : nil,
                    publishedDayOffset: versionIndex == 0 ? item.publishedDayOffset : nil)
                let texts = cleaned[itemIndex][versionIndex]
                for (position, text) in texts.enumerated() where seen.insert(TextHygiene.key(text)).inserted {
                    for clause in byMeaning ? [text] : ClauseSplitter.clauses(of: text) {
                        let unit = FactUnit(clause)
                        let base = Unit(outlet: item.outlet, itemID: item.itemID, sentence: text, fact: unit, time: time,
                                        signature: SentenceSignature(unit), version: versionIndex, position: position, quantity: nil)
                        let counted = countedQuantities(base)
                        if byMeaning || counted.isEmpty { units.append(base) }
                        if byMeaning { continue }
                        for quantity in counted {
                            var split = base
                            split.quantity = quantity
                            units.append(split)
                        }
                    }
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

        // Inverse document frequency of each term over the story's units.
        var documentFrequency: [String: Int] = [:]
        for unit in units { for term in unit.signature.terms { documentFrequency[term, default: 0] += 1 } }
        let count = Double(max(units.count, 1))
        let weight: (String) -> Double = { term in log(1 + count / Double(documentFrequency[term] ?? 1)) }

        let wireCarrier = wireCarriers(wireGroups)
        if byMeaning {
            let aligned = units.filter { !$0.signature.words.isEmpty && !isQuestion($0.fact.sentence) }
            var facts: [Fact] = []
            for group in SemanticAligner.align(aligned, vectors: vectors, tokens: tokens, clauseMarkers: clauseMarkers,
                                                     settings: settings, weight: weight) {
                let (valued, isQuantity) = withValues(group)
                guard let fact = makeFact(id: facts.count + 1, valued, isQuantity: isQuantity, wireCarrier: wireCarrier) else { continue }
                facts.append(fact)
            }
            return StoryFacts(facts: facts, attributions: checked(attributions, against: facts, outlets: outlets))
        }

        var drafts: [Draft] = []
        for unit in units where !unit.signature.words.isEmpty && !isQuestion(unit.fact.sentence) {
            let quantity = unit.quantity
            var best: (index: Int, score: Double)?
            for (index, draft) in drafts.enumerated() where draft.isQuantity == (quantity != nil) {
                if let quantity {
                    guard draft.noun == quantity.noun else { continue }
                    let values = draft.units.compactMap { $0.quantity?.value }.sorted()
                    let median = values[values.count / 2]
                    guard median > 0, quantity.value > 0, max(median, quantity.value) / min(median, quantity.value) <= valueRatio else { continue }
                }
                // A statement must be compatible with every wording of the fact; a quantity with
                // its first wording (names vary freely among reports of one count).
                let compatible = quantity == nil
                    ? draft.units.allSatisfy { $0.signature.isCompatible(with: unit.signature) }
                    : draft.units[0].signature.isCompatible(with: unit.signature)
                guard compatible else { continue }
                var score = 0.0
                for member in draft.units {
                    if quantity != nil {
                        // Same noun, comparable value, same story: the same quantity; wording
                        // only ranks the candidates.
                        var similarity = member.signature.similarity(to: unit.signature, weight: weight)
                        if member.quantity?.value == quantity?.value { similarity += 0.5 }
                        score = max(score, quantityThreshold + similarity)
                    } else if member.signature.sharedCount(with: unit.signature) >= minimumShared,
                              !member.signature.sharedWordsAreNames(with: unit.signature) {
                        score = max(score, member.signature.similarity(to: unit.signature, weight: weight))
                    }
                }
                let threshold = quantity != nil ? quantityThreshold : alignmentThreshold
                // A statement must also resemble the fact's first wording, so that a chain of
                // pairwise look-alikes does not drift to another statement.
                if quantity == nil, draft.units[0].signature.similarity(to: unit.signature, weight: weight) < anchorThreshold { continue }
                if score >= threshold, score > (best?.score ?? 0) { best = (index, score) }
            }
            if let best {
                drafts[best.index].units.append(unit)
            } else {
                drafts.append(Draft(units: [unit], isQuantity: quantity != nil, noun: quantity?.noun ?? ""))
            }
        }

        var facts: [Fact] = []
        for draft in drafts {
            guard let fact = makeFact(id: facts.count + 1, draft.units, isQuantity: draft.isQuantity, wireCarrier: wireCarrier) else { continue }
            facts.append(fact)
        }
        return StoryFacts(facts: facts, attributions: checked(attributions, against: facts, outlets: outlets))
    }

    /// The attributions in order of time (then of finding), each scoop claim checked.
    static func checked(_ attributions: [(time: Date, attribution: Attribution)], against facts: [Fact],
                        outlets: OutletDirectory = OutletDirectory()) -> [Attribution] {
        attributions.enumerated().sorted { lhs, rhs in
            lhs.element.time != rhs.element.time ? lhs.element.time < rhs.element.time : lhs.offset < rhs.offset
        }.map { check($0.element.attribution, against: facts, outlets: outlets) }
    }

    /// The most sentences (``unitTexts(of:hygiene:)``) a story can have to be aligned by meaning;
    /// a larger one is aligned on words (meaning costs the square of the sentences in time and
    /// memory: the pair scores take 12 bytes each, 48 MB at this size).
    public static let maximumSentencesByMeaning = 2_000

    /// The English words that open a background clause or phrase inside a sentence: subordinating
    /// conjunctions of time, place, cause and concession, and the prepositions that give an
    /// event's occasion or cause ("after", "amid", "over", "following"). The token alignment
    /// weighs what follows the first of them (not at the sentence's start) by
    /// ``FactSettings/backgroundClauseWeight``.
    public static let clauseMarkerWords = ["after", "following", "amid", "over", "where", "as", "when", "while",
                                           "before", "because", "since", "despite"]

    /// The word-piece ids of ``clauseMarkerWords`` in a model's vocabulary, the `clauseMarkers`
    /// of ``analyze(_:hygiene:wireGroups:vectors:tokens:clauseMarkers:settings:outlets:)``.
    ///
    /// - Parameter wordPieces: a word's word-piece ids (without `[CLS]` and `[SEP]`); a word of
    ///   several pieces is left out.
    public static func clauseMarkers(wordPieces: (String) -> [Int32]) -> Set<Int32> {
        Set(clauseMarkerWords.compactMap { word in
            let ids = wordPieces(word)
            return ids.count == 1 ? ids[0] : nil
        })
    }

    /// The distinct sentences the engine compares for these items (their titles, summaries and
    /// content after `hygiene`), in order of item and version: what to embed for
    /// ``analyze(_:hygiene:wireGroups:vectors:settings:)`` to align by meaning.
    public static func unitTexts(of items: [FactItem], hygiene: TextHygiene = .fixedRulesOnly) -> [String] {
        var seen: Set<String> = []
        return items.flatMap { cleanedSentences(of: $0, hygiene: hygiene).joined() }.filter { seen.insert($0).inserted }
    }

    /// The sentences of each version of `item` (title, summary, content) after `hygiene`.
    static func cleanedSentences(of item: FactItem, hygiene: TextHygiene) -> [[String]] {
        item.versions.map { version in
            var texts = hygiene.sentences(of: version.title, outlet: item.outlet)
            texts += hygiene.sentences(of: version.summary, outlet: item.outlet)
            if let content = version.content { texts += hygiene.sentences(of: content, outlet: item.outlet) }
            return texts
        }
    }

    /// A fact's members with the values of the figure its first member (the fact's text) states.
    ///
    /// - When the text counts something, of the nouns it counts, the one most of the members count
    ///   (the earliest on a tie); a member's value is its first count of that noun, or else its
    ///   first count that counts the same people (``countSamePeople(_:_:)``: "1000 people have
    ///   been evacuated" gives a value to a fact of "5,000 people").
    /// - When it gives an amount in words (``FactUnitExtractor/countsInWords(_:)``: "Thousands of
    ///   people have been told to leave their homes"), the same, of the nouns counted that way: a
    ///   count of another thing ("Lava engulfs 100 homes") is no value of it.
    /// - When it states a figure in digits that counts nothing
    ///   (``FactUnitExtractor/statesUncountedFigure(_:)``: "total COVID count to 2,385,616", "a 70m
    ///   (230ft) high slackline", "ranks 8th"), a member's value is its number (counted or bare)
    ///   equal to a bare number of at least 100 of the text (``withBareValues(_:of:)``): "raising
    ///   the total tally to 2,385,616" gives one, the "18,937 additional COVID-19 cases" of the same
    ///   sentence and the "600 metres" walked do not.
    /// - When it states no figure at all, of all the members' nouns, the one most count.
    ///
    /// A quantity fact when at least half of the members give a value. So the values a report
    /// lists are of the figure the fact's text states ("NASA's $981 million Lucy asteroid mission"
    /// is not listed with the "eight different asteroids" of later sentences).
    static func withValues(_ units: [Unit]) -> ([Unit], Bool) {
        var tally: [String: Int] = [:]
        var order: [String] = []
        for unit in units {
            // Nouns in order of appearance (a Set's order changes from run to run).
            var seen: Set<String> = []
            for noun in countedQuantities(unit).map(\.noun) where seen.insert(noun).inserted {
                if tally[noun] == nil { order.append(noun) }
                tally[noun, default: 0] += 1
            }
        }
        if let first = units.first {
            let own = countedQuantities(first).map(\.noun)
            let inWords = own.isEmpty ? FactUnitExtractor.countsInWords(first.fact.sentence) : []
            if !own.isEmpty {
                order = order.filter(own.contains)
            } else if !inWords.isEmpty {
                order = order.filter { noun in inWords.contains { $0 == noun || countSamePeople($0, noun) } }
            } else if FactUnitExtractor.statesUncountedFigure(first.fact) {
                return withBareValues(units, of: first)
            }
        }
        guard let noun = order.max(by: { (tally[$0]!, -order.firstIndex(of: $0)!) < (tally[$1]!, -order.firstIndex(of: $1)!) }) else {
            return (units, false)
        }
        var valued = units
        var count = 0
        for index in valued.indices {
            let counts = countedQuantities(valued[index])
            valued[index].quantity = counts.first { $0.noun == noun } ?? counts.first { countSamePeople($0.noun, noun) }
            if valued[index].quantity != nil { count += 1 }
        }
        guard 2 * count >= units.count else { return (units.map { var unit = $0; unit.quantity = nil; return unit }, false) }
        return (valued, true)
    }

    /// The members with the values of the bare numbers of at least 100 of `first`'s text (its
    /// quantities with no noun; the bound ``countedQuantities(_:)`` puts on a bare count, since a
    /// small bare number is as often a level, an age or a version: "alert level 3", "dies aged
    /// 79", "iOS 15"): a member's value is its first quantity, counted or bare, of one of those
    /// values. A quantity fact when at least half of the members give one; none when the text has
    /// no such number (a measure, an ordinal, a small number).
    static func withBareValues(_ units: [Unit], of first: Unit) -> ([Unit], Bool) {
        let bare = Set(first.fact.quantities.filter { $0.noun.isEmpty && $0.value >= 100 }.map(\.value))
        var valued = units
        var count = 0
        for index in valued.indices {
            valued[index].quantity = bare.isEmpty ? nil : valued[index].fact.quantities.first { bare.contains($0.value) }
            if valued[index].quantity != nil { count += 1 }
        }
        guard count > 0, 2 * count >= units.count else { return (units.map { var unit = $0; unit.quantity = nil; return unit }, false) }
        return (valued, true)
    }

    /// Whether two counted nouns (``Quantity/noun``) count the same people said two ways: one is
    /// people in general (`people`) and the other what happened to them
    /// (``FactUnitExtractor/eventKeys``: "5,000 people" forced to leave, "1000 people have been
    /// evacuated"). A particular group ("two children", "12 complainants", "10 civilians") may be
    /// part of the people another sentence counts, so its figure is no value of their fact.
    static func countSamePeople(_ a: String, _ b: String) -> Bool {
        (a == "people" && FactUnitExtractor.eventKeys.contains(b)) || (b == "people" && FactUnitExtractor.eventKeys.contains(a))
    }

    /// Whether a unit asks rather than states: it ends in `?` or opens with "how to" (a
    /// question headline asserts nothing to align).
    static func isQuestion(_ sentence: String) -> Bool {
        let trimmed = sentence.trimmingWhitespace()
        if let last = trimmed.last(where: { !"\"'’”)".contains($0) }), last == "?" { return true }
        return trimmed.lowercased().hasPrefix("how to ")
    }

    /// The unit's counted quantities, one per noun (the first of each): those with a noun that
    /// is not a duration, or else a bare number of at least 100 in a sentence that names people
    /// ("numbers of Haitian migrants ... approaching 15,000"), keyed `people`.
    static func countedQuantities(_ unit: Unit) -> [Quantity] {
        var result: [Quantity] = []
        for quantity in unit.fact.quantities where !quantity.noun.isEmpty && !FactUnitExtractor.durationNouns.contains(quantity.noun) {
            if !result.contains(where: { $0.noun == quantity.noun }) { result.append(quantity) }
        }
        if result.isEmpty, var bare = unit.fact.quantities.first(where: { $0.noun.isEmpty && $0.value >= 100 }),
           unit.signature.words.contains(where: { FactUnitExtractor.peopleNouns.contains($0) }) {
            bare.noun = "people"
            result.append(bare)
        }
        return result
    }

    /// Item id -> the group it belongs to (an index), for items in a wire group of two or more.
    private static func wireCarriers(_ groups: [[Int64]]) -> [Int64: Int] {
        var result: [Int64: Int] = [:]
        for (index, group) in groups.enumerated() where group.count >= 2 {
            for item in group { result[item] = index }
        }
        return result
    }

    private static func makeFact(id: Int, _ units: [Unit], isQuantity: Bool, wireCarrier: [Int64: Int]) -> Fact? {
        var mentions: [Mention] = []
        var membersOfGroup: [Int: [Int]] = [:]
        var seenSentences: Set<String> = []
        for unit in units where seenSentences.insert("\(unit.itemID)\u{1}\(unit.sentence)").inserted {
            if let group = wireCarrier[unit.itemID] { membersOfGroup[group, default: []].append(mentions.count) }
            mentions.append(Mention(outlet: unit.outlet, itemID: unit.itemID, sentence: unit.sentence, time: unit.time,
                                    value: unit.quantity))
        }
        // In each wire group, the earliest mention (as ``Credit/first(of:)`` orders them) carries
        // the report; a later one is its copy, one whose time ties with it is not (a copy can
        // only be a copy of an earlier report).
        for members in membersOfGroup.values {
            let key = { (index: Int) in (mentions[index].time.latest, mentions[index].outlet, mentions[index].itemID) }
            guard let carrier = members.min(by: { key($0) < key($1) }) else { continue }
            for index in members where mentions[index].itemID != mentions[carrier].itemID
                && !mentions[index].time.overlaps(mentions[carrier].time) {
                mentions[index].wireCopyOf = mentions[carrier].itemID
            }
        }
        let independent = mentions.filter { $0.wireCopyOf == nil }
        guard let credit = Credit.first(of: independent.map { ($0.outlet, $0.time) }) else { return nil }
        var outlets: [String] = []
        for mention in mentions where !outlets.contains(mention.outlet) { outlets.append(mention.outlet) }
        let independentOutlets = Set(independent.map(\.outlet))
        let kind: Fact.Kind = isQuantity ? .quantity : (units[0].fact.quotations.isEmpty ? .statement : .quote)
        var fact = Fact(id: id, text: units[0].fact.sentence, kind: kind, mentions: mentions, credit: credit, outlets: outlets,
                        wireOutlets: outlets.filter { !independentOutlets.contains($0) })
        if isQuantity { (fact.trend, fact.disagreeing) = trend(of: mentions) }
        return fact
    }

    /// The trend of a quantity fact's values and the outlets that disagree at the same time.
    ///
    /// Two outlets disagree when they give different values within `sameTime` of each other,
    /// unless the later of the two had itself given the earlier value before: that outlet revised
    /// its own figure and the other has not (yet) followed, which is a value moving with time. An
    /// outlet that revises its own figure makes the fact an `update` whatever the bins below say.
    static func trend(of mentions: [Mention]) -> (Fact.Trend, [String]) {
        let valued = mentions.compactMap { mention in mention.value.map { (mention, $0.value) } }
        guard Set(valued.map(\.1)).count >= 2 else { return (.single, []) }
        /// Whether `outlet` gave `value` strictly before `time`.
        func gave(_ outlet: String, _ value: Double, before time: Date) -> Bool {
            valued.contains { $0.0.outlet == outlet && $0.1 == value && $0.0.time.estimate < time }
        }
        var disagreeing: Set<String> = []
        var revised = false
        for i in valued.indices {
            for j in valued.indices where j > i {
                let (a, b) = (valued[i], valued[j])
                guard a.1 != b.1 else { continue }
                let (earlier, later) = a.0.time.estimate <= b.0.time.estimate ? (a, b) : (b, a)
                let dt = later.0.time.estimate.timeIntervalSince(earlier.0.time.estimate)
                if a.0.outlet == b.0.outlet {
                    if dt > 0 { revised = true }
                } else if dt <= sameTime, !(dt > 0 && gave(later.0.outlet, earlier.1, before: later.0.time.estimate)) {
                    disagreeing.insert(a.0.outlet)
                    disagreeing.insert(b.0.outlet)
                }
            }
        }
        // Trend: Kendall's tau between time and value over the medians of time bins (a bin
        // holds the mentions within `sameTime` of its first), so that outlets differing at the
        // same moment do not hide a movement over days.
        let byTime = valued.sorted { $0.0.time.estimate < $1.0.time.estimate }
        var bins: [(start: Date, values: [Double])] = []
        for (mention, value) in byTime {
            if let last = bins.last, mention.time.estimate.timeIntervalSince(last.start) <= sameTime {
                bins[bins.count - 1].values.append(value)
            } else {
                bins.append((mention.time.estimate, [value]))
            }
        }
        let medians = bins.map { bin -> Double in
            let sorted = bin.values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        var concordant = 0
        var discordant = 0
        for i in medians.indices {
            for j in medians.indices where j > i && medians[j] != medians[i] {
                if medians[j] > medians[i] { concordant += 1 } else { discordant += 1 }
            }
        }
        let pairs = concordant + discordant
        let tau = pairs == 0 ? 0 : Double(concordant - discordant) / Double(pairs)
        let outlets = Set(valued.map(\.0.outlet))
        let moving = outlets.count == 1 || (revised && disagreeing.isEmpty) || (pairs > 0 && abs(tau) >= 0.5)
        return (moving ? .update : .disagreement, disagreeing.sorted())
    }

    /// Checks a scoop claim against the facts of the claiming item, as carried by the outlets of
    /// other news organisations than the claimant's (``OutletDirectory/isSameOrganisation(_:_:)``).
    static func check(_ attribution: Attribution, against facts: [Fact], outlets: OutletDirectory = OutletDirectory()) -> Attribution {
        guard attribution.kind.isScoopClaim else { return attribution }
        var result = attribution
        let claimant = attribution.outlet
        var confirmedBy: (fact: Fact, others: [String])?
        for fact in facts where fact.independentOutlets.count >= 2 {
            guard let own = fact.mentions.first(where: { $0.itemID == attribution.itemID && $0.wireCopyOf == nil }) else { continue }
            // For a quantity, only the same value is the same claim.
            let earlier = fact.mentions.filter { !outlets.isSameOrganisation($0.outlet, claimant) && $0.wireCopyOf == nil && $0.value?.value == own.value?.value
                && $0.time.latest < own.time.latest && !$0.time.overlaps(own.time) }
            if let first = earlier.min(by: { $0.time.latest < $1.time.latest }) {
                result.verdict = .contradicted
                result.evidence = "fact \(fact.id): \(first.outlet) at \(iso(first.time.estimate)) (\(first.time.source.rawValue)) before \(claimant) at \(iso(own.time.estimate)) (\(own.time.source.rawValue))"
                return result
            }
            let later = fact.mentions.filter { !outlets.isSameOrganisation($0.outlet, claimant) && $0.wireCopyOf == nil && $0.value?.value == own.value?.value }
            let clearlyFirst = !later.isEmpty && later.allSatisfy { own.time.latest < $0.time.latest && !own.time.overlaps($0.time) }
            if clearlyFirst, confirmedBy == nil { confirmedBy = (fact, later.map(\.outlet)) }
        }
        if let (fact, others) = confirmedBy {
            result.verdict = .confirmed
            let own = fact.mentions.first { $0.itemID == attribution.itemID }!
            var names: [String] = []
            for outlet in others where !names.contains(outlet) { names.append(outlet) }
            result.evidence = "fact \(fact.id): \(claimant) at \(iso(own.time.estimate)) (\(own.time.source.rawValue)) before \(names.joined(separator: ", "))"
        } else {
            result.verdict = .undecidable
            result.evidence = "no fact of the item is carried earlier or later by another outlet with a clear order"
        }
        return result
    }

    static func iso(_ date: Date) -> String {
        UTCTime.iso8601(date)
    }
}
