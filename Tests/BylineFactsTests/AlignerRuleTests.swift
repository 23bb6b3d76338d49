import Foundation
import Testing
@testable import BylineFacts

/// The rules of ``SemanticAligner`` read on their own, with real sentences' values.
@Suite struct AlignerRuleTests {
    /// A sentence's background clause, from the first clause marker after its first word piece
    /// on, weighs `backgroundWeight` times its inverse document frequency; a marker opening the
    /// sentence ("After the vote, ...") does not start one.
    @Test func theBackgroundClauseWeighsLess() {
        // Word pieces of "warning | after | three | die": ids 10, 20 (a marker), 30, 40; df over 4 units.
        let weights = SemanticAligner.tokenWeights([10, 20, 30, 40], documentFrequency: [10: 1, 20: 1, 30: 3, 40: 3],
                                                   unitCount: 4, clauseMarkers: [20], backgroundWeight: 0.3)
        #expect(weights.map { ($0 * 1000).rounded() / 1000 } == [0.916, 0.275, 0.067, 0.067])
        let opening = SemanticAligner.tokenWeights([20, 10, 30], documentFrequency: [10: 1, 20: 1, 30: 3],
                                                   unitCount: 4, clauseMarkers: [20], backgroundWeight: 0.3)
        #expect(opening.map { ($0 * 1000).rounded() / 1000 } == [0.916, 0.916, 0.223])
    }

    /// Counted nouns differ in kind when both say what happened or both name what is counted.
    @Test(arguments: [
        ("kill", "injur", true), ("men", "kill", false), ("missionari", "kidnap", false), ("kidnap", "kill", true), ("people", "missionari", false),
        ("boat", "men", true), ("kill", "kill", false), ("people", "kill", false),
    ])
    func countedNounsDifferInKind(a: String, b: String, differ: Bool) {
        #expect(SemanticAligner.nounsDiffer(a, b) == differ)
    }

    /// Counts of what happened tell of two things when they share no event, whatever their
    /// values (headlines-2021-09, the Perm university shooting: the Wall Street Journal's wounded
    /// and Al Jazeera's dead were one fact); a sentence giving both the dead and the hurt shares
    /// the hurt with a count of the wounded, and counts of things ("17 missionaries", "15 women")
    /// are left to their values.
    @Test(arguments: [
        ("More than two dozen people were wounded in the attack in the Russian city of Perm.",
         "Six people have been killed in a shooting in the Siberian city of Perm.", true),
        ("A student opened fire at a university in Russia, leaving six people dead and 28 hurt, before being shot by police and detained",
         "More than two dozen people were wounded in the attack in the Russian city of Perm.", false),
        ("Eight killed in Russian campus shooting --investigators", "6 people killed in shooting at Russian university", false),
        ("At least 15 women, men and children were abducted by an armed gang near the capital",
         "Up to 17 American missionaries reported as kidnapped by gang members in Haiti", false),
    ])
    func countsOfDifferentEventsDiffer(a: String, b: String, differ: Bool) {
        let counts = { (sentence: String) in FactUnitExtractor.unit(sentence).quantities.filter { !$0.noun.isEmpty } }
        #expect(SemanticAligner.countsDiffer(counts(a), counts(b)) == differ)
        #expect(SemanticAligner.countsDiffer(counts(b), counts(a)) == differ)
    }

    /// Amounts of one counted thing too far apart to be one figure are two facts, unless a
    /// bound reaches across (headlines-2021-09: philstar's 36 million Sinovac doses in all and
    /// gmanews's five million of the week were one fact; headlines-2021-10: the Kandahar toll of
    /// at least 16, then 65, is one figure that moved).
    @Test(arguments: [
        ("This latest shipment brought the country's Sinovac doses to 36 million, making it still the largest number of vaccine supply in the country.",
         "In his presentation in the President's weekly Talk to the People, Galvez said the majority of vaccine doses delivered were manufactured by Sinovac, with five  million doses.",
         true),
        ("3 million more Sinovac doses arrive",
         "Three million additional doses of government-procured Sinovac COVID-19 vaccine arrived in the country on Sunday.", false),
        ("At least 16 people were killed and 32 were injured after an explosion hit a Shia mosque during Friday prayers in Kandahar, a doctor at a hospital in the Afghan city told CNN.",
         "Islamic State Bombing Kills at Least 65 People in Southern Afghanistan", false),
        ("More than 9,500 migrants who have arrived at the US border in the past 48 hours are living under a bridge, and thousands more migrants are expected in the coming days.",
         "An estimated 14,000 migrants, many from Haiti, are traveling back and forth to Mexico for supplies as they wait in a makeshift camp.", false),
        // An adjective before the plural leaves the count of the plural: more than 4000 cases
        // in all and 512 of one day are two figures (headlines-2021-09's Victorian death and
        // active cases of one day and a day's local cases and death two days later were one fact).
        ("A woman has died in the region after it passed more than 4000 active cases on Friday.",
         "The region has recorded 512 local cases of the virus overnight, along with two deaths.", true),
        // Percentages name their unit, not what they measure (headlines-2021-09: one vote share).
        ("Early results show United Russia, which backs President Vladimir Putin, has the most votes, with 38 percent.",
         "The Central Election Commission said Vladimir Putin's United Russia party had won almost half of the vote, with more than 85 per cent of ballots counted on Monday", false),
    ])
    func amountsTooFarApartDiffer(a: String, b: String, differ: Bool) {
        let counts = { (sentence: String) in FactUnitExtractor.unit(sentence).quantities.filter { !$0.noun.isEmpty } }
        #expect(SemanticAligner.valuesApart(counts(a), counts(b)) == differ)
        #expect(SemanticAligner.valuesApart(counts(b), counts(a)) == differ)
    }

    /// An item's later version that revises its own figure updates one fact; another item's
    /// figure as far apart is another amount.
    @Test func anItemRevisingItsFigureIsOneFact() {
        let first = member("Volcano ERUPTS on Spanish island La Palma as rescuers scramble to evacuate 1,000 residents")
        var revised = member("Volcano ERUPTS on Spanish island La Palma as rescuers scramble to evacuate 5,000 residents")
        revised.unit.version = 1
        #expect(SemanticAligner.valuesApart(first.counts, revised.counts))
        #expect(SemanticAligner.isRevision(first, revised))
        #expect(SemanticAligner.compatible(first, revised))
        revised.unit.itemID = 2
        #expect(!SemanticAligner.compatible(first, revised))
    }

    /// A bare number is read with its scale word, in digits or words, and a counted one is no
    /// bare number ("3 million" left a bare "3" beside its count of doses).
    @Test(arguments: [
        ("This latest shipment brought the country's Sinovac doses to 36 million, making it still the largest number of vaccine supply in the country.", [String]()),
        ("3 million more Sinovac doses arrive", []),
        // The audience counts the 7.4 million (FactUnitExtractor.subjectHead): no bare number.
        ("Audience for Emmy Awards show rises to 7.4 million", []),
        ("Ardern had 2.3bn in reserve", ["2300000000"]),
        ("Government announces $36m investment in Covid-19 research fund", ["19"]),
    ])
    func bareNumbersTakeTheirScale(sentence: String, numbers: [String]) {
        #expect(SentenceSignature(FactUnit(sentence)).numbers == Set(numbers))
    }

    /// An outcome still to come (awaited, expected, or whether it will happen) against one that
    /// happened; a decision told with "will" is no outcome still to come.
    @Test(arguments: [
        ("A court is set to deliver its verdict Monday against Paul Rusesabagina", true),
        ("'Hotel Rwanda' hero Paul Rusesabagina awaits sentencing", true),
        ("The man whose story inspired the Hollywood film Hotel Rwanda will find out if he is going to spend 25 years in prison.", true),
        ("Markets steady ahead of the Fed decision", true),
        ("Paul Rusesabagina was found guilty on Monday on terror charges", false),
        ("He was convicted and will appeal, his lawyer said", false),
        ("Pentagon says it will offer 'condolence payments' to relatives of ten Afghans killed in drone strike", false),
        ("Myanmar's junta chief will be excluded from the summit", false),
        ("NASA's Lucy mission launches and will swing past eight different asteroids", false),
        ("Russia's pro-Putin party on track to retain majority in lower house of parliament", true),
        ("Pro-Kremlin party on track for majority after crackdown", true),
        ("President Vladimir Putin's party was set to retain a majority in parliament", true),
        ("Early results showed United Russia was on course to cement President Vladimir Putin's control", true),
        ("The party was on Monday declared the winner", false),
        ("Russian President Vladimir Putin's party was set Sunday to retain a majority in parliament on the last day of three-day elections", true),
        ("The court was expected on Monday to deliver its verdict", true),
        ("The verdict is expected later this week to be delivered", true),
        ("The party was this week declared the winner", false),
        ("Firefighters set fire to the brush to stop the blaze", false),
        ("Pro-Putin party heads for Russian parliamentary election win", true),
        ("Russia election: Putin's party heads for victory amid vote fraud claims", true),
        ("\u{2018}Hotel Rwanda\u{2019} hero to learn verdict in terror trial", true),
        ("Evergrande on the brink of default as bond payment deadline passes", true),
        ("Global stock markets plunge as Chinese real estate giant Evergrande teeters on the brink of collapse", false),
        ("Everything you need to know about New Zealand's Covid-19 vaccine programme", false),
        ("Paul Rusesabagina sentenced to 25 years after being found guilty", false),
    ])
    func anOutcomeStillToComeIsProspective(sentence: String, prospective: Bool) {
        let words = SentenceSignature.rawWords(sentence).map { $0.lowercased() }
        #expect(SemanticAligner.isProspective(words) == prospective)
    }

    /// A unit of one sentence, seen at 2021-10-16T16:00:00Z.
    private func member(_ sentence: String) -> SemanticAligner.Member {
        let fact = FactUnit(sentence)
        let unit = FactEngine.Unit(outlet: "bbc", itemID: 1, sentence: sentence, fact: fact,
                                   time: ObservedTime(firstSeen: Date(timeIntervalSince1970: 1_634_400_000), previousPull: nil, published: nil),
                                   signature: SentenceSignature(fact), version: 0, position: 0, quantity: nil)
        return SemanticAligner.Member(unit: unit, vector: [])
    }

    /// A place in a ranking is no agreement with a count, nor with another place (headlines-2021-09:
    /// philstar's "ranks 8th in global COVID-19 cases" was one fact with gmanews's day's count of
    /// infections); an ordinal that ranks nothing is no place.
    @Test(arguments: [
        ("Norway ranks 3rd in the global index of press freedom",
         "Norway recorded 1,204 new infections; active cases at 9,310", true),
        ("Norway ranks 3rd in the global index of press freedom",
         "Norway logs 1,204 new infections; active tally at 9K", true),
        ("Norway ranked third among countries in the press freedom index",
         "Norway ranks 5th in the global index of press freedom", true),
        ("Norway ranked third among countries in the press freedom index",
         "Norway ranks 3rd in the global index of press freedom", false),
        ("The 16th storm of the season made landfall with 90 mph winds", "Storm makes landfall, 12 homes damaged", false),
        ("The team finished second place in the league", "The team won 12 games in the league", true),
        // An occasion is no place: the team back at the top of a ranking "for the first time
        // since 2018" and "back to No 1" (headlines-2021-09, nzherald's All Blacks) are one claim.
        ("The side regained the top ranking for the first time since 2018", "The side moves back to No 1 with a big win", false),
    ])
    func aRankIsNoCount(first: String, second: String, apart: Bool) {
        let (a, b) = (member(first), member(second))
        #expect(SemanticAligner.ranksDiffer(a, b) == apart)
        #expect(SemanticAligner.ranksDiffer(b, a) == apart)
        if apart { #expect(!SemanticAligner.compatible(a, b)) }
    }

    /// A reaction word in one sentence's main clause and none in the other: the response and what
    /// it responds to. A court's appeal and "thanks to" are no reaction; two reactions are left to
    /// their meaning.
    @Test(arguments: [
        ("Myanmar junta 'extremely disappointed' over leader's exclusion from ASEAN summit",
         "Myanmar junta chief excluded from summit --ASEAN", true),
        ("Warning to be careful on the water after three die in Manukau Harbour boating tragedy",
         "Three die in boating tragedy on Manukau Harbour", true),
        ("Appeal for witnesses to boating tragedy that killed three men", "Three dead after boat capsizes in Manukau Harbour", true),
        ("Nazanin Zaghari-Ratcliffe: British-Iranian aid worker loses court appeal in Iran",
         "British-Iranian aid worker Nazanin Zaghari-Ratcliffe has lost her case in Iran", false),
        ("Record harvest thanks to the rain", "Farmers report a record harvest", false),
        ("Boris Johnson pays tribute to Conservative MP Sir David Amess", "Sir David Amess: Political world pays tribute to much-loved MP", false),
        // The reaction word in the background clause: the sentence states the event.
        ("Three die in boating tragedy as community mourns", "Three dead after boat capsizes in Manukau Harbour", false),
    ])
    func aResponseIsNotWhatItRespondsTo(first: String, second: String, apart: Bool) {
        let (a, b) = (member(first), member(second))
        #expect((SemanticAligner.respondsAlone(a, b) || SemanticAligner.respondsAlone(b, a)) == apart)
    }

    /// The names a sentence opens with as its actor, among the story's sentences: none for a
    /// common word the story writes in lower case, a possessive, a topic before a colon, or a
    /// common noun a relative clause with no comma describes.
    @Test(arguments: [
        ("Gunman opens fire at Russian university, at least 5 dead: report", [String]()),
        ("Putin's party on track to retain majority amid fraud claims", []),
        ("Afghanistan: Girls excluded as Afghan secondary schools reopen", []),
        ("Taliban excludes girls from returning to secondary school", ["Taliban"]),
        ("Pelosi says the bill will pass this week.", ["Pelosi"]),
        ("BBC reports that a gunman opened fire", ["BBC"]),
        ("Figure who inspired ‘Hotel Rwanda’ found guilty on terrorism-related charges", []),
        ("Rusesabagina, who inspired the film 'Hotel Rwanda,' has been found guilty", ["Rusesabagina"]),
    ])
    func theActorANameOpens(sentence: String, actor: [String]) {
        let story = ["Then a gunman opened fire on the campus", "So the girls stayed home", sentence].map(member)
        #expect(SemanticAligner.actorOpening(member(sentence), lowerCaseWords: SemanticAligner.lowerCaseWords(of: story)) == Set(actor))
    }

    /// What a negation denies: the first content word after it, not a name, and "no" denies
    /// nothing but makes the sentence one with a negation.
    @Test(arguments: [
        ("COVID-19 cases in Metro Manila haven't peaked yet, DOH says", ["peak"], true),
        ("Gabby Petito's family attorney says fiancé Brian Laundrie 'is not missing, he is hiding'", ["miss"], true),
        ("The Department of Health said it cannot yet claim that the Philippines has reached the peak", ["claim"], true),
        ("Alok Sharma insists there is 'no immediate concern' about gas supplies", [], true),
        ("Voters chose not Biden but his rival", [], true),
        ("The rise in COVID-19 cases may have already peaked", [], false),
    ])
    func aNegationDeniesTheWordAfterIt(sentence: String, negated: [String], hasNegation: Bool) {
        let result = SemanticAligner.negatedStems(SentenceSignature.rawWords(sentence))
        #expect(result.negated == Set(negated))
        #expect(result.hasNegation == hasNegation)
    }

    /// A unit's stems, each word stemmed once for all three uses: the content words after the
    /// capitalised opening, every word (for ``SemanticAligner/opposites``), and what its negation
    /// denies against what it states; a signature's words are stems with their synonyms.
    @Test func aUnitsWordsAreStemmedForEachUse() {
        let sentence = "Officials say storms haven't eased in Metro Manila"
        let fact = FactUnit(sentence)
        let unit = FactEngine.Unit(outlet: "rappler", itemID: 1, sentence: sentence, fact: fact,
                                   time: ObservedTime(firstSeen: Date(timeIntervalSince1970: 1_634_400_000), previousPull: nil, published: nil),
                                   signature: SentenceSignature(fact), version: 0, position: 0, quantity: nil)
        let member = SemanticAligner.Member(unit: unit, vector: [])
        #expect(member.opening == ["Officials"])
        #expect(member.rest == ["storm", "haven", "eas", "metro", "manila"])
        #expect(member.stems == ["official", "say", "storm", "haven", "t", "eas", "in", "metro", "manila"])
        #expect(member.negated == ["eas"])
        #expect(member.affirmed == ["official", "storm", "haven", "t", "metro", "manila"])
        #expect(member.hasNegation)
        #expect(SentenceSignature(FactUnit("Three people died as storms hit Manila")).words == ["peopl", "kill", "storm", "hit", "manila"])
    }

    /// One ordinal in place of another, the words around it the same, is two instances of a
    /// series (cnn's two storm headlines of the September corpus were one fact); a count that
    /// differs is not (a toll that moves with time), nor a reworded word.
    @Test(arguments: [
        ("Tropical Storm Peter forms as the 16th Atlantic storm of 2021",
         "Tropical Storm Rose forms as the 17th Atlantic storm of 2021", true),
        ("England win the 2nd test at Lord's", "England win the 3rd test at Lord's", true),
        ("Winners of the 73rd Emmy Awards", "Winners of the 73rd Emmy Awards announced", false),
        ("At least 16 people were killed in the blast", "At least 47 people were killed in the blast", false),
        ("Thousands evacuated after volcano erupts on Spain's Canary Island",
         "Thousands evacuated after volcano erupts on Spain's Canary Islands", false),
    ])
    func oneOrdinalInPlaceOfAnotherIsAnotherInstance(a: String, b: String, substituted: Bool) {
        #expect(SemanticAligner.substituted(SentenceSignature.rawWords(a), SentenceSignature.rawWords(b)) == substituted)
    }
}
