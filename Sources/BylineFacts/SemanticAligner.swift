import BylineText
import Foundation

/// Groups a story's units into facts by meaning and wording, within the limits the texts set.
///
/// Average-link agglomerative clustering over the story's units: the two groups whose units
/// resemble each other most on average are merged while that mean pair score is at least
/// ``FactSettings/joinThreshold``. Two groups never merge when a pair of their units is
/// incompatible; two units are compatible when:
/// - their bare numbers agree (when both carry some, one's include the other's);
/// - the same number does not count two different things ("32 were injured" / "32 were
///   killed"): when both give a count of one value, its nouns do not differ in kind
///   (``nounsDiffer(_:_:)``); and counts of what happened do not tell of two different things
///   whatever their values: when both count events (``FactUnitExtractor/eventKeys``), they
///   share one ("More than two dozen people were wounded" / "Six people have been killed" are
///   two facts; "six dead and 28 hurt" / "24 wounded" can be one);
/// - a thing both count is not given amounts too far apart to be one figure
///   (``valuesApart(_:_:)``: "Sinovac doses to 36 million" / "five million doses"; "at least 16
///   killed" / "65 killed" can be one), unless one is the other revised in a later version of
///   its item (``isRevision(_:_:)``);
/// - the same two names do not swap roles around the same verb ("China warns the US" / "the US
///   warns China");
/// - they do not open with different actors and go on alike ("Pelosi says the bill will pass" /
///   "McConnell says the bill will pass");
/// - they do not put one ordinal where the other has another (``substituted(_:_:)``: "the 16th
///   Atlantic storm" / "the 17th Atlantic storm");
/// - they do not give different places in a ranking, nor one a place and the other a count
///   (``ranksDiffer(_:_:)``: "Philippines ranks 8th in global COVID-19 cases" / "New Philippine
///   COVID-19 infections hit 19,271");
/// - one does not say the opposite of the other: one uses a word of an opposed pair
///   (``opposites``: continue / end, rise / fall, win / lose ...) and the other its opposite,
///   and neither uses both ("wants face to face meetings to continue" / "urges MPs to end
///   face-to-face meetings");
/// - one does not deny what the other states (``negatedStems(_:)``: "cases haven't peaked yet" /
///   "cases may have already peaked");
/// - one does not tell of what is still to come while the other tells of what happened
///   (``isProspective(_:)``: "A court is set to deliver its verdict Monday" / "was found guilty
///   on Monday"): an expected event and its outcome are two facts, and the first report of the
///   outcome is not the report that announced it;
/// - one does not tell how someone responded to what the other states (``reactionWords``: "Myanmar
///   junta 'extremely disappointed' over leader's exclusion" / "Myanmar junta chief excluded from
///   summit"; "Warning to be careful on the water after three die" / "Three die in boating
///   tragedy"): a reaction word in one's main clause and none in the other. A reaction, an appeal
///   or a warning is a fact of its own, and the first report of the event is not the report of
///   the response;
/// - they are not one sentence of one item (a fact holds it once).
///
/// The cost grows with the square of the story's units (each pair is scored once).
enum SemanticAligner {
    /// A unit with what the pair rules read, computed once.
    struct Member {
        var unit: FactEngine.Unit
        /// The unit's embedding, unit length (zeros when missing).
        var vector: [Float]
        /// Its word pieces' embeddings and their weights (inverse document frequency over the
        /// story's units), when every unit has them.
        var tokens: TokenVectors?
        var tokenWeights: [Double] = []
        /// The words of its sentence (``SentenceSignature/rawWords(_:)``).
        var words: [String]
        var wordSet: Set<String>
        /// The capitalised words (``capitalised(_:)``), in order.
        var names: [String]
        var hasBy: Bool
        var isTitleCase: Bool
        /// The capitalised words that open the sentence, and the stems of the other content words.
        var opening: Set<String>
        var rest: Set<String>
        /// Its counts (quantities with a noun that is not a duration).
        var counts: [Quantity]
        /// The events its counts tell of (``countedEvents(_:)``).
        var events: Set<String>
        /// The stems of its lower-cased words, for ``opposites``.
        var stems: Set<String>
        /// Whether it tells of something still to come (``isProspective(_:)``).
        var prospective: Bool
        /// Its words lower-cased, and those of them that are ordinals in digits (``isOrdinal(_:)``).
        var lowerWords: Set<String>
        var ordinals: [String]
        /// The places it gives in a ranking (``ranks(_:)``).
        var ranks: Set<Int>
        /// The stems its negations deny, the stems it states plainly, and whether it has a negation
        /// (``negatedStems(_:)``).
        var negated: Set<String>
        var affirmed: Set<String>
        var hasNegation: Bool
        /// Whether its main clause (before the first ``FactEngine/clauseMarkerWords`` word after
        /// its first word) has a reaction word (``isReaction(_:at:)``), and whether it has one
        /// anywhere.
        var reactsInMainClause: Bool
        var hasReaction: Bool
        /// Its signature's single terms and adjacent pairs as (term number, weight), in term order;
        /// `total` is the singles' weight.
        var singles: [(term: Int32, weight: Double)] = []
        var pairs: [(term: Int32, weight: Double)] = []
        var total = 0.0

        init(unit: FactEngine.Unit, vector: [Float]) {
            self.unit = unit
            self.vector = vector
            let words = SentenceSignature.rawWords(unit.sentence)
            self.words = words
            wordSet = Set(words)
            names = words.filter(SemanticAligner.capitalised)
            hasBy = words.contains { $0.lowercased() == "by" }
            isTitleCase = SemanticAligner.isTitleCase(words)
            let opening = Set(words.prefix(while: SemanticAligner.capitalised))
            self.opening = opening
            let lower = words.map { $0.lowercased() }
            // Each word stemmed once, for `rest`, `stems` and the negations.
            let wordStems = lower.map(LightStemmer.stem)
            rest = Set(words.indices.filter { !opening.contains(words[$0]) && !FactStopWords.english.contains(lower[$0]) && words[$0].count >= 2 }
                .map { wordStems[$0] })
            counts = unit.fact.quantities.filter { !$0.noun.isEmpty && !FactUnitExtractor.durationNouns.contains($0.noun) }
            events = SemanticAligner.countedEvents(counts)
            stems = Set(wordStems)
            prospective = SemanticAligner.isProspective(lower)
            lowerWords = Set(lower)
            ordinals = lower.filter(SemanticAligner.isOrdinal)
            ranks = SemanticAligner.ranks(lower)
            (negated, affirmed, hasNegation) = SemanticAligner.negatedStems(words, lower: lower, stems: wordStems)
            let mainEnd = lower.indices.dropFirst().first { SemanticAligner.clauseMarkers.contains(lower[$0]) } ?? lower.count
            let reactions = lower.indices.filter { SemanticAligner.isReaction(lower, at: $0) }
            reactsInMainClause = reactions.contains { $0 < mainEnd }
            hasReaction = !reactions.isEmpty
        }
    }

    /// The units grouped into facts, each group in the units' order, groups in order of their
    /// first unit.
    ///
    /// With `tokens` for every unit, a pair's score is their token alignment
    /// (``TokenVectors/alignment(with:weights:otherWeights:)``, each word piece weighted by
    /// `log((n + 1) / (df + 1))` over the story's `n` units) and groups join at
    /// ``FactSettings/tokenJoinThreshold``; else the cosine and wording score at
    /// ``FactSettings/joinThreshold``.
    ///
    /// A word piece of a sentence's background clause (from the first of `clauseMarkers` after
    /// its first word piece) weighs ``FactSettings/backgroundClauseWeight`` times its inverse
    /// document frequency.
    static func align(_ units: [FactEngine.Unit], vectors: [String: [Float]], tokens: [String: TokenVectors] = [:],
                      clauseMarkers: Set<Int32> = [], settings: FactSettings,
                      weight: (String) -> Double) -> [[FactEngine.Unit]] {
        let dimension = units.lazy.compactMap { vectors[$0.fact.sentence]?.count }.first ?? 0
        var members = units.map { unit in
            Member(unit: unit, vector: vectors[unit.fact.sentence].flatMap { $0.count == dimension ? $0 : nil }
                ?? [Float](repeating: 0, count: dimension))
        }
        let lowerCaseWords = lowerCaseWords(of: members)
        for index in members.indices {
            members[index].opening = actorOpening(members[index], lowerCaseWords: lowerCaseWords)
        }
        // Terms numbered in sorted order, so that sums run in the same order on every run.
        var vocabulary: Set<String> = []
        for member in members { vocabulary.formUnion(member.unit.signature.terms) }
        let number = Dictionary(uniqueKeysWithValues: vocabulary.sorted().enumerated().map { ($0.element, Int32($0.offset)) })
        for index in members.indices {
            let signature = members[index].unit.signature
            members[index].singles = signature.sortedSingles.map { (number[$0]!, weight($0)) }
            members[index].pairs = signature.sortedPairs.map { (number[$0]!, weight($0)) }
            members[index].total = members[index].singles.reduce(0) { $0 + $1.weight }
        }
        if !members.isEmpty, members.allSatisfy({ tokens[$0.unit.fact.sentence].map { !$0.ids.isEmpty } ?? false }) {
            var documentFrequency: [Int32: Int] = [:]
            for member in members {
                for id in Set(tokens[member.unit.fact.sentence]!.ids) { documentFrequency[id, default: 0] += 1 }
            }
            let count = Double(members.count)
            for index in members.indices {
                let own = tokens[members[index].unit.fact.sentence]!
                members[index].tokens = own
                members[index].tokenWeights = tokenWeights(own.ids, documentFrequency: documentFrequency, unitCount: count,
                                                           clauseMarkers: clauseMarkers,
                                                           backgroundWeight: settings.backgroundClauseWeight)
            }
            return agglomerate(members, settings: settings, threshold: settings.tokenJoinThreshold).map { $0.map { members[$0].unit } }
        }
        return agglomerate(members, settings: settings).map { $0.map { members[$0].unit } }
    }

    /// The weight of each word piece of a unit in the token alignment: `log((n + 1) / (df + 1))`
    /// over the story's `unitCount` units, times `backgroundWeight` from the first of
    /// `clauseMarkers` after the first word piece on (the sentence's background clause: "Warning
    /// to be careful on the water | after three die in Manukau Harbour boating tragedy").
    static func tokenWeights(_ ids: [Int32], documentFrequency: [Int32: Int], unitCount: Double,
                             clauseMarkers: Set<Int32>, backgroundWeight: Double) -> [Double] {
        let background = ids.indices.dropFirst().first { clauseMarkers.contains(ids[$0]) } ?? ids.count
        return ids.enumerated().map { position, id in
            log((unitCount + 1) / (Double(documentFrequency[id] ?? 0) + 1)) * (position >= background ? backgroundWeight : 1)
        }
    }

    /// Average-link agglomerative clustering: repeatedly merges the two groups with the highest
    /// mean pair score, while it is at least the join threshold and no pair across them is
    /// incompatible. Ties go to the pair with the earlier units. Each group's members stay in
    /// the units' order (time), and groups are returned in order of their first member.
    static func agglomerate(_ members: [Member], settings: FactSettings, threshold: Double? = nil) -> [[Int]] {
        let threshold = threshold ?? settings.joinThreshold
        let count = members.count
        guard count > 1 else { return members.indices.map { [$0] } }
        // Group-pair sums of scores and counts of incompatible pairs, row-major.
        var sums = [Double](repeating: 0, count: count * count)
        var conflicts = [Int32](repeating: 0, count: count * count)
        for i in 0..<count {
            for j in (i + 1)..<count {
                let value = score(members[i], members[j], settings: settings)
                sums[i * count + j] = value
                sums[j * count + i] = value
                if !compatible(members[i], members[j]) {
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
                if mean >= threshold, mean > (pick?.mean ?? -1) { pick = (i, best[i].partner, mean) }
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

    /// `meaningWeight` x cosine + (1 - `meaningWeight`) x the signatures' weighted similarity
    /// (``SentenceSignature/similarity(to:weight:)``, on the numbered terms).
    static func score(_ a: Member, _ b: Member, settings: FactSettings) -> Double {
        if let left = a.tokens, let right = b.tokens {
            return left.alignment(with: right, weights: a.tokenWeights, otherWeights: b.tokenWeights)
        }
        var meaning: Float = 0
        for index in a.vector.indices { meaning += a.vector[index] * b.vector[index] }
        var shared = 0.0
        var j = 0
        for (term, weight) in a.singles {
            while j < b.singles.count, b.singles[j].term < term { j += 1 }
            if j < b.singles.count, b.singles[j].term == term { shared += weight }
        }
        j = 0
        for (term, weight) in a.pairs {
            while j < b.pairs.count, b.pairs[j].term < term { j += 1 }
            if j < b.pairs.count, b.pairs[j].term == term { shared += weight }
        }
        let total = a.total + b.total
        let wording = total == 0 ? 0 : min(1, 2 * shared / total)
        return settings.meaningWeight * Double(meaning) + (1 - settings.meaningWeight) * wording
    }

    /// Whether two units can state the same fact (the rules in the type's documentation).
    static func compatible(_ a: Member, _ b: Member) -> Bool {
        if a.unit.itemID == b.unit.itemID, a.unit.sentence == b.unit.sentence { return false }
        guard a.unit.signature.numbersAgree(with: b.unit.signature) else { return false }
        if countsDiffer(a.counts, a.events, b.counts, b.events) { return false }
        if !isRevision(a, b), valuesApart(a.counts, b.counts) { return false }
        if rolesSwapped(a, b) || actorReplaced(a, b) { return false }
        // The alignment is run only for a pair where each has an ordinal the other lacks.
        if a.ordinals.contains(where: { !b.lowerWords.contains($0) }), b.ordinals.contains(where: { !a.lowerWords.contains($0) }),
           substituted(a.words, b.words) { return false }
        if ranksDiffer(a, b) { return false }
        if opposed(a, b) || denies(a, b) || denies(b, a) { return false }
        if a.prospective != b.prospective { return false }
        if respondsAlone(a, b) || respondsAlone(b, a) { return false }
        return true
    }

    /// Whether `a`'s main clause tells how someone responded (``reactionWords``) and `b` has no
    /// reaction word at all: `a` reports the response, `b` what it responds to.
    static func respondsAlone(_ a: Member, _ b: Member) -> Bool {
        a.reactsInMainClause && !b.hasReaction
    }

    /// Whether the lower-cased word at `index` is a ``reactionWords`` word in that sense: "appeal"
    /// only as a call for something ("appeal for witnesses", not a court's "loses appeal"), and
    /// "thanks" not as "thanks to" (because of).
    static func isReaction(_ lower: [String], at index: Int) -> Bool {
        let word = lower[index]
        guard reactionWords.contains(word) else { return false }
        let next = index + 1 < lower.count ? lower[index + 1] : ""
        switch word {
        case "appeal", "appeals": return next == "for"
        case "thanks": return next != "to"
        default: return true
        }
    }

    /// ``FactEngine/clauseMarkerWords``, as a set.
    static let clauseMarkers = Set(FactEngine.clauseMarkerWords)

    /// English words by which a sentence reports a response to an event rather than the event:
    /// a feeling about it (disappointed, shocked, outraged), a judgement passed on it (condemns,
    /// slams, praises, welcomes), mourning (mourns, tributes), an apology or thanks, and a call on
    /// others (urges, warns, an appeal for witnesses). Lower-cased, each inflection listed rather
    /// than stemmed, so that a word of another sense that shares a stem stays out ("concerning").
    static let reactionWords: Set<String> = [
        "disappointed", "disappointment", "outraged", "outrage", "angry", "anger", "fury", "furious", "shocked",
        "appalled", "saddened", "devastated", "heartbroken", "horrified", "dismayed", "delighted", "relieved", "grief",
        "condemn", "condemns", "condemned", "condemnation", "criticise", "criticises", "criticised", "criticize",
        "criticizes", "criticized", "criticism", "slam", "slams", "slammed", "denounce", "denounces", "denounced",
        "deplore", "deplores", "deplored", "decry", "decries", "decried", "praise", "praises", "praised", "welcome",
        "welcomes", "welcomed", "hail", "hails", "hailed", "applaud", "applauds", "applauded", "mourn", "mourns",
        "mourned", "mourning", "tribute", "tributes", "apologise", "apologises", "apologised", "apologize",
        "apologizes", "apologized", "apology", "thank", "thanks", "thanked", "urge", "urges", "urged", "warn",
        "warns", "warned", "warning", "appeal", "appeals", "react", "reacts", "reacted", "reaction", "reactions",
        "backlash",
    ]

    /// Whether a unit's (lower-cased) words tell of an outcome still to come: waiting for it
    /// ("awaits", "awaiting", "ahead of"), an event expected or planned ("set to", "expected to",
    /// "poised to", "about to", "scheduled to", "slated to", "likely to", "tipped to", "on track to",
    /// "on course for": a projection of an outcome is no outcome; a time adverbial may stand
    /// between, "was set Sunday to retain a majority"), or whether it will happen ("will" with
    /// "whether" or "if": "will find out if he is going to spend 25 years in prison"), with no past
    /// or perfect auxiliary ("was", "were", "has been", "have been", "had been"), which tells of
    /// something done, unless it opens the projection itself ("was set to retain a majority", "were
    /// on track to win"). A plain "will" is not enough: news reports a decision taken in it
    /// ("Pentagon says it will offer payments", "the junta chief will be excluded from the summit").
    ///
    /// In the main clause (before the first ``clauseMarkers`` word after the first word) the English
    /// idioms of a course towards an outcome count too: "heads for" (also "heading", "headed",
    /// "towards"), "on the verge of", "on the brink of", "set for", "poised for", "tipped for", "in
    /// line for", "in line to" ("Putin's party heads for victory"); and a headline's infinitive of
    /// learning an outcome: "to learn", "to hear", "to find out" ("'Hotel Rwanda' hero to learn
    /// verdict"). In a background clause they tell of the setting, not of the fact stated ("Markets
    /// plunge as Evergrande teeters on the brink of collapse").
    static func isProspective(_ words: [String]) -> Bool {
        var future = false, will = false, open = false
        // The word at `index` after a time adverbial there ("was set Sunday to retain", "is expected
        // later this week to rule"), and its position.
        func following(_ index: Int) -> (word: String, index: Int) {
            let at = afterTimeAdverbial(words, from: index)
            return (at < words.count ? words[at] : "", at)
        }
        let mainEnd = words.indices.dropFirst().first { clauseMarkers.contains(words[$0]) } ?? words.count
        for (index, word) in words.enumerated() {
            let next = index + 1 < words.count ? words[index + 1] : ""
            let previous = index > 0 ? words[index - 1] : ""
            let main = index < mainEnd
            switch word {
            case "was", "were":
                // "was set to retain a majority" reports a projection in the past tense.
                let (opener, at) = following(index + 1)
                let third = at + 1 < words.count ? words[at + 1] : ""
                let projection = Self.projectionOpeners.contains(opener) || (opener == "on" && (third == "track" || third == "course"))
                if !projection { return false }
            case "has", "have", "had": if next == "been" { return false }
            case "awaits", "awaiting": future = true
            case "set", "expected", "poised", "about", "scheduled", "slated", "likely", "tipped":
                if following(index + 1).word == "to" { future = true }
                if main, next == "for", ["set", "poised", "tipped"].contains(word) { future = true }
            case "heads", "heading", "headed": if main, ["for", "towards", "toward"].contains(next) { future = true }
            case "verge", "brink": if main, previous == "the", index >= 2, words[index - 2] == "on", next == "of" { future = true }
            case "line": if main, previous == "in", next == "for" || next == "to" { future = true }
            case "to":
                let third = index + 2 < words.count ? words[index + 2] : ""
                if main, next == "learn" || next == "hear" || (next == "find" && third == "out") { future = true }
            case "ahead": if next == "of" { future = true }
            case "track", "course":
                if index > 0, words[index - 1] == "on", next == "to" || next == "for" { future = true }
            case "will": will = true
            case "whether", "if": open = true
            default: break
            }
        }
        return future || (will && open)
    }

    /// The position after a time adverbial that starts at `index` in lower-cased `words`, or `index`
    /// when none starts there: a day ("Sunday", "on Sunday", "today", "tomorrow"), "later" or
    /// "again" ("later this week"), and "this", "next" or "last" with a unit of time ("this week",
    /// "next month"). A projection or a thing done can carry one between its auxiliary and its
    /// verb ("was set Sunday to retain a majority", "was on Monday declared the winner").
    static func afterTimeAdverbial(_ words: [String], from index: Int) -> Int {
        var at = index
        func word(_ position: Int) -> String { position < words.count ? words[position] : "" }
        if word(at) == "later" || word(at) == "again" { at += 1 }
        if word(at) == "on", timeDays.contains(word(at + 1)) { return at + 2 }
        if timeDays.contains(word(at)) { return at + 1 }
        if ["this", "next", "last"].contains(word(at)), timeUnits.contains(word(at + 1)) { return at + 2 }
        return at
    }

    /// The days a time adverbial names (``afterTimeAdverbial(_:from:)``): the weekdays and the
    /// relative days the unit extractor reads as time phrases.
    static let timeDays = FactUnitExtractor.weekdays.union(FactUnitExtractor.relativeDays)
    /// The units of time after "this", "next" or "last" (``afterTimeAdverbial(_:from:)``).
    static let timeUnits: Set<String> = ["morning", "afternoon", "evening", "night", "week", "weekend", "month", "year"]

    /// The words after "was" or "were" that make it the past tense of a projection ("was set to",
    /// "was expected to", "was on track to"), not of a thing done.
    static let projectionOpeners: Set<String> = ["set", "expected", "poised", "about", "scheduled", "slated", "likely", "tipped"]

    /// Pairs of English words of opposite sense that news sentences turn on: a change of
    /// direction, an outcome, a decision, a state. Compared by stem.
    static let opposites: [(String, String)] = [
        ("continue", "end"), ("continue", "stop"),
        ("rise", "fall"), ("rise", "drop"), ("increase", "decrease"), ("increase", "cut"), ("raise", "cut"),
        ("raise", "lower"), ("gain", "loss"), ("win", "lose"), ("won", "lost"), ("victory", "defeat"),
        ("approve", "reject"), ("accept", "reject"), ("accept", "refuse"), ("support", "oppose"),
        ("lift", "impose"), ("open", "close"), ("reopen", "close"), ("confirm", "deny"), ("guilty", "innocent"),
        ("convicted", "acquitted"), ("pass", "fail"), ("alive", "dead"), ("ease", "tighten"), ("higher", "lower"),
    ].map { (LightStemmer.stem($0.0), LightStemmer.stem($0.1)) }

    /// Whether one unit says the opposite of the other (see ``opposites``).
    static func opposed(_ a: Member, _ b: Member) -> Bool {
        for (x, y) in opposites {
            let aX = a.stems.contains(x), aY = a.stems.contains(y), bX = b.stems.contains(x), bY = b.stems.contains(y)
            if (aX && !aY && bY && !bX) || (aY && !aX && bX && !bY) { return true }
        }
        return false
    }

    /// The stems a sentence's negations deny, the stems it states without one, and whether it has a
    /// negation at all.
    ///
    /// A negation is "not", "never" or a contraction's "n't" (``SentenceSignature/rawWords(_:)``
    /// splits "haven't" into "haven" and "t"); what it denies is the first content word (not a
    /// ``FactStopWords`` word) within the three words after it, unless that word is capitalised
    /// (a name: "not Biden" denies who, not what): "haven't peaked yet" denies "peak", "is not
    /// missing" denies "missing". "No" denies nothing here, since it negates the head of a noun
    /// phrase, which is not the word after it ("No DOH recommendation yet"), but it makes a
    /// sentence one with a negation ("no immediate concern").
    static func negatedStems(_ words: [String]) -> (negated: Set<String>, affirmed: Set<String>, hasNegation: Bool) {
        let lower = words.map { $0.lowercased() }
        return negatedStems(words, lower: lower, stems: lower.map(LightStemmer.stem))
    }

    /// ``negatedStems(_:)`` of `words`, given them lower-cased and the stems of those
    /// (``LightStemmer/stem(_:)``), index for index.
    static func negatedStems(_ words: [String], lower: [String], stems: [String]) -> (negated: Set<String>, affirmed: Set<String>, hasNegation: Bool) {
        var negated: Set<String> = []
        var denied: Set<Int> = []
        var hasNegation = false
        for (index, word) in lower.enumerated() {
            if word == "no" { hasNegation = true }
            let isNegation = word == "not" || word == "never" || word == "cannot"
                || (word == "t" && index > 0 && lower[index - 1].hasSuffix("n"))
            guard isNegation else { continue }
            hasNegation = true
            for next in lower.indices.dropFirst(index + 1).prefix(3)
            where !FactStopWords.english.contains(lower[next]) && !negationAdverbs.contains(lower[next]) {
                if !capitalised(words[next]) {
                    negated.insert(stems[next])
                    denied.insert(next)
                }
                break
            }
        }
        var affirmed: Set<String> = []
        for (index, word) in lower.enumerated() where !denied.contains(index) && !FactStopWords.english.contains(word) {
            affirmed.insert(stems[index])
        }
        return (negated, affirmed, hasNegation)
    }

    /// Adverbs that stand between a negation and what it denies ("haven't yet peaked").
    static let negationAdverbs: Set<String> = ["yet", "ever", "even", "still", "always", "already", "necessarily", "actually"]

    /// Whether `a` denies what `b` states: a stem `a` negates that `b`, a sentence with no
    /// negation, states ("COVID-19 cases in Metro Manila haven't peaked yet" / "cases … may have
    /// already peaked"; "is not missing, he is hiding" / "reported missing"). A sentence with a
    /// negation of its own is left alone, since a negation's scope can reach further than the
    /// word after it ("cannot yet claim that the Philippines has reached the peak").
    static func denies(_ a: Member, _ b: Member) -> Bool {
        !b.hasNegation && a.negated.contains { b.affirmed.contains($0) }
    }

    /// Whether the two units count different things: both count events
    /// (``FactUnitExtractor/eventKeys``) and share none, whatever the values; or a value both
    /// give, whose nouns differ in kind (``nounsDiffer(_:_:)``) from every noun the other unit
    /// gives that value.
    static func countsDiffer(_ left: [Quantity], _ right: [Quantity]) -> Bool {
        countsDiffer(left, countedEvents(left), right, countedEvents(right))
    }

    /// ``countsDiffer(_:_:)`` with each side's ``countedEvents(_:)`` computed once (a unit's are
    /// kept on its ``Member``, since every pair of a story's units is compared).
    static func countsDiffer(_ left: [Quantity], _ leftEvents: Set<String>, _ right: [Quantity], _ rightEvents: Set<String>) -> Bool {
        guard !left.isEmpty, !right.isEmpty else { return false }
        if !leftEvents.isEmpty, !rightEvents.isEmpty, leftEvents.isDisjoint(with: rightEvents) { return true }
        for x in left {
            let same = right.filter { $0.value == x.value }
            guard !same.isEmpty else { continue }
            let leftNouns = left.filter { $0.value == x.value }.map(\.noun)
            if same.allSatisfy({ quantity in leftNouns.allSatisfy { nounsDiffer($0, quantity.noun) } }) { return true }
        }
        return false
    }

    /// Whether two units' counts give one counted thing amounts that cannot be one figure: for a
    /// noun both count (the same ``Quantity/noun``), no value of one agrees with a value of the
    /// other (``valuesAgree(_:_:)``). "This latest shipment brought the country's Sinovac doses to
    /// 36 million" and "the majority of vaccine doses delivered were manufactured by Sinovac, with
    /// five million doses" state two amounts; "9,500 migrants" and "14,000 migrants" one figure
    /// that moved.
    ///
    /// A percentage or a sum of money (noun `%`, `$`, `£`, `€`) names its unit, not what it
    /// measures ("38 percent" of the vote, "85 per cent of ballots counted"), so two of them
    /// are left to the other rules whatever their values.
    static func valuesApart(_ left: [Quantity], _ right: [Quantity]) -> Bool {
        for noun in Set(left.map(\.noun)) where !["%", "$", "£", "€"].contains(noun) {
            let theirs = right.filter { $0.noun == noun }
            guard !theirs.isEmpty else { continue }
            let mine = left.filter { $0.noun == noun }
            if mine.allSatisfy({ x in theirs.allSatisfy { !valuesAgree(x, $0) } }) { return true }
        }
        return false
    }

    /// Whether `b` is `a` in another version of the same item (the same item and the same place
    /// in its text): an outlet revising its own figure ("Volcano ERUPTS on Spanish island La
    /// Palma as rescuers scramble to evacuate 1,000 residents", then "... 5,000 residents")
    /// updates one fact.
    static func isRevision(_ a: Member, _ b: Member) -> Bool {
        a.unit.itemID == b.unit.itemID && a.unit.position == b.unit.position
    }

    /// Whether two values of one counted thing can be one figure: the larger is at most
    /// ``FactEngine/valueRatio`` times the smaller (the bound within which the word alignment
    /// joins a value to a quantity fact), or a bound reaches across (``lowerBounds`` on the
    /// smaller: "At least 16 people were killed" / "Kills at Least 65 People"; ``upperBounds`` on
    /// the larger: "up to 17" / "15"). A value of zero or less agrees with any.
    static func valuesAgree(_ a: Quantity, _ b: Quantity) -> Bool {
        let (small, large) = a.value <= b.value ? (a, b) : (b, a)
        guard small.value > 0 else { return true }
        if large.value <= small.value * FactEngine.valueRatio { return true }
        return lowerBounds.contains(small.qualifier) || upperBounds.contains(large.qualifier)
    }

    /// Qualifiers (``Quantity/qualifier``) that make a value a lower bound.
    static let lowerBounds: Set<String> = ["more than", "at least", "over"]
    /// Qualifiers that make a value an upper bound.
    static let upperBounds: Set<String> = ["up to", "as many as", "less than", "fewer than", "under"]

    /// The nouns of `counts` that tell what happened (``FactUnitExtractor/eventKeys``: "kill",
    /// "injur", "arrest" ...).
    static func countedEvents(_ counts: [Quantity]) -> Set<String> {
        Set(counts.map(\.noun).filter(FactUnitExtractor.eventKeys.contains))
    }

    /// Whether two counted nouns (``Quantity/noun``) count different things: both say what
    /// happened (``FactUnitExtractor/eventKeys``: "32 were injured" / "32 were killed"), or both
    /// name what is counted ("three boats" / "three men") and neither is the unspecified
    /// `people`. A count of something and a count of what happened to it state one figure ("the
    /// accident left three men dead" / "three die in boating tragedy"), as do "17 people" and
    /// "17 missionaries".
    static func nounsDiffer(_ a: String, _ b: String) -> Bool {
        guard a != b else { return false }
        let aEvent = FactUnitExtractor.eventKeys.contains(a), bEvent = FactUnitExtractor.eventKeys.contains(b)
        if aEvent && bEvent { return true }
        if aEvent || bEvent { return false }
        return a != "people" && b != "people"
    }

    /// Whether a word reads as a name: capitalised and not a stop word, or an acronym of two or
    /// more capitals ("US", "UN").
    static func capitalised(_ word: String) -> Bool {
        guard word.first?.isUppercase == true, !isQuantityWord(word.lowercased()) else { return false }
        if word.count >= 2, word.allSatisfy({ $0.isUppercase || $0.isNumber }) { return true }
        return !FactStopWords.english.contains(word.lowercased())
    }

    /// Whether a lower-cased word says how many, not who: a number word ("eight", "dozen") or a
    /// quantifier ("several", "dozens", "hundreds"). Capitalised at a sentence's start ("Eight
    /// killed in Russian campus shooting"), it is no actor and no name.
    static func isQuantityWord(_ lower: String) -> Bool {
        FactUnitExtractor.numberWords[lower] != nil || quantifiers.contains(lower)
    }

    /// English quantifiers and plural number words that can open a sentence in place of a count.
    static let quantifiers: Set<String> = [
        "several", "many", "few", "multiple", "numerous", "dozens", "scores", "hundreds", "thousands", "millions",
        "billions", "tens", "thousand", "million", "billion",
    ]

    /// The words that the units' sentences write in lower case after their first word: what
    /// ``actorOpening(_:lowerCaseWords:)`` reads a capitalised first word against.
    static func lowerCaseWords(of members: [Member]) -> Set<String> {
        var words: Set<String> = []
        for member in members {
            for (index, word) in member.words.enumerated() where index > 0 && word.first?.isLowercase == true {
                words.insert(word)
            }
        }
        return words
    }

    /// The names that open a unit's sentence as its actor, in the story its sentences tell: the
    /// run of capitalised words it opens with (``Member/opening``), but none when
    /// - its first word is no acronym and the story's sentences write that word in lower case after
    ///   their first word (`lowerCaseWords`): a common word capitalised by its place ("Gunman opens
    ///   fire at Russian university" / "a gunman opened fire"; "Girls excluded from returning to
    ///   secondary school" is told of the girls, not by them);
    /// - a possessive follows the run ("Putin's party on track to retain majority" / "Russia's
    ///   ruling party ..."): the names tell whose the actor is, and two names can tell it of one;
    /// - a relative clause with no comma follows the run ("Figure who inspired 'Hotel Rwanda'
    ///   found guilty", "Man who ..."): a restrictive clause describes a common noun, where a name
    ///   takes one set off by a comma ("Paul Rusesabagina, who inspired the film").
    ///
    /// A headline's topic before a colon in its first six words is no actor: the run is read after
    /// it ("Afghanistan: Girls excluded as Afghan secondary schools reopen" opens with "Girls").
    static func actorOpening(_ member: Member, lowerCaseWords: Set<String>) -> Set<String> {
        var sentence = Substring(member.unit.sentence)
        var words = member.words
        if let colon = sentence.firstIndex(of: ":"), SentenceSignature.rawWords(String(sentence[..<colon])).count <= 6 {
            sentence = sentence[sentence.index(after: colon)...]
            words = SentenceSignature.rawWords(String(sentence))
        }
        let run = words.prefix(while: capitalised)
        guard let first = run.first else { return [] }
        let acronym = first.count >= 2 && first.allSatisfy { $0.isUppercase || $0.isNumber }
        if !acronym, lowerCaseWords.contains(first.lowercased()) { return [] }
        if let last = run.last, let range = sentence.range(of: last) {
            let after = sentence[range.upperBound...]
            if after.hasPrefix("'s") || after.hasPrefix("’s") { return [] }
            // A relative clause with no comma restricts a common noun, not a name.
            let next = after.drop { $0 == " " }.prefix { $0.isLetter }.lowercased()
            if after.first == " ", ["who", "whose", "that", "which"].contains(next) { return [] }
        }
        return Set(run)
    }

    /// Whether the two units open with different actors and go on alike: each opens with a run
    /// of capitalised words (its subject) none of which the other unit uses anywhere, and the rest
    /// of their content words are nearly the same (Dice at least 0.5): "Pelosi says the bill will
    /// pass" / "McConnell says the bill will pass". Title Case text is not read this way, since
    /// every word of it is capitalised.
    static func actorReplaced(_ a: Member, _ b: Member) -> Bool {
        guard !a.isTitleCase, !b.isTitleCase, !a.opening.isEmpty, !b.opening.isEmpty,
              a.opening.isDisjoint(with: b.wordSet), b.opening.isDisjoint(with: a.wordSet) else { return false }
        let total = a.rest.count + b.rest.count
        guard total > 0 else { return false }
        return 2 * Double(a.rest.intersection(b.rest).count) / Double(total) >= 0.5
    }

    /// Whether one ordinal of `a` stands where another of `b` stands, the words around it the
    /// same: two instances of one series ("the 16th Atlantic storm of 2021" / "the 17th Atlantic
    /// storm of 2021", "second test" in digits). The words are aligned by their longest common
    /// subsequence (lower-cased); the substitution is one ordinal in digits on each side between
    /// two aligned words. (A count that differs is a value of one fact that moves with time, and
    /// a name that differs is left to ``actorReplaced(_:_:)``: a capitalised word in the same
    /// slot is as often a reworded one, "Canary Island" / "Canary Islands", "Paris St-Germain" /
    /// "Paris Saint-Germain", or an adjective, "American" / "Christian".)
    static func substituted(_ a: [String], _ b: [String]) -> Bool {
        let x = a.map { $0.lowercased() }, y = b.map { $0.lowercased() }
        guard !x.isEmpty, !y.isEmpty, x.count * y.count <= 40_000 else { return false }
        // Longest common subsequence lengths of the suffixes.
        var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            for j in stride(from: y.count - 1, through: 0, by: -1) {
                table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        let inX = Set(x), inY = Set(y)
        var i = 0, j = 0
        var previous: (Int, Int)? = nil
        while i < x.count, j < y.count {
            if x[i] == y[j] {
                if let (pi, pj) = previous, i - pi == 2, j - pj == 2 {
                    let left = x[pi + 1], right = y[pj + 1]
                    if isOrdinal(left), isOrdinal(right), !inY.contains(left), !inX.contains(right) { return true }
                }
                previous = (i, j)
                i += 1
                j += 1
            } else if table[i + 1][j] >= table[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return false
    }

    /// English ordinals in words, by value.
    static let ordinalWords: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
        "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
        "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    ]

    /// The places a sentence (its words lower-cased) gives in a ranking: its ordinals, in digits
    /// or words ("8th", "eighth"), when a word of ranking ("rank", "ranks", "ranked", "ranking")
    /// is among its words, and else an ordinal right before "place" ("finished second place"); an
    /// ordinal before "time" ("for the first time") is none. Empty when it ranks nothing: "the
    /// 16th Atlantic storm" and "a second dose" are no places.
    static func ranks(_ lower: [String]) -> Set<Int> {
        func place(_ word: String) -> Int? {
            if let value = ordinalWords[word] { return value }
            guard isOrdinal(word) else { return nil }
            return Int(word.prefix(while: \.isNumber))
        }
        if lower.contains(where: { ["rank", "ranks", "ranked", "ranking", "rankings"].contains($0) }) {
            // "for the first time" counts occasions, not places.
            return Set(lower.indices.filter { $0 + 1 >= lower.count || lower[$0 + 1] != "time" }.compactMap { place(lower[$0]) })
        }
        return Set(lower.indices.dropLast().filter { lower[$0 + 1] == "place" }.compactMap { place(lower[$0]) })
    }

    /// Whether one unit gives a place in a ranking where the other gives another, or the other
    /// gives a figure (a count, or a bare number: ``SentenceSignature/numbers``) and no place:
    /// "Philippines ranks 8th in global COVID-19 cases" states a rank, "New Philippine COVID-19
    /// infections hit 19,271; active cases at 178,196" the counts ranked by, and a count is no
    /// agreement with a rank.
    static func ranksDiffer(_ a: Member, _ b: Member) -> Bool {
        if !a.ranks.isEmpty, !b.ranks.isEmpty { return a.ranks.isDisjoint(with: b.ranks) }
        func figures(_ member: Member) -> Bool { !member.counts.isEmpty || !member.unit.signature.numbers.isEmpty }
        return (!a.ranks.isEmpty && figures(b)) || (!b.ranks.isEmpty && figures(a))
    }

    /// Whether a word is an ordinal in digits ("16th", "2nd").
    static func isOrdinal(_ word: String) -> Bool {
        let digits = word.prefix(while: \.isNumber)
        return !digits.isEmpty && ["st", "nd", "rd", "th"].contains(word.dropFirst(digits.count).lowercased())
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
    static func rolesSwapped(_ a: Member, _ b: Member) -> Bool {
        guard a.names.count >= 2, b.names.count >= 2, !a.hasBy, !b.hasBy else { return false }
        let shared = Set(a.names.filter { b.wordSet.contains($0) })
        guard shared.count >= 2 else { return false }
        let (left, right) = (a.words, b.words)
        let lowerWords = { (words: ArraySlice<String>) in
            Set(words.filter { !capitalised($0) && !FactStopWords.english.contains($0.lowercased()) }.map { $0.lowercased() })
        }
        let names = shared.sorted()
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
