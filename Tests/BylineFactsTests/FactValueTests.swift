import Foundation
import Testing
@testable import BylineFacts

/// The values a fact lists (``FactEngine/withValues(_:)``): those of the figure its text, its
/// first sentence, states, whatever its other sentences count.
@Suite struct FactValueTests {
    /// Units of one sentence each, of outlets `o1`, `o2` ... in order, an hour apart.
    private func units(_ sentences: [String]) -> [FactEngine.Unit] {
        sentences.enumerated().map { index, sentence in
            let fact = FactUnit(sentence)
            return FactEngine.Unit(outlet: "o\(index + 1)", itemID: Int64(index + 1), sentence: sentence, fact: fact,
                                   time: ObservedTime(firstSeen: Date(timeIntervalSince1970: 1_632_000_000 + Double(index) * 3600),
                                                      previousPull: nil, published: nil),
                                   signature: SentenceSignature(fact), version: 0, position: 0, quantity: nil)
        }
    }

    private func values(_ sentences: [String]) -> (values: [String?], isQuantity: Bool) {
        let (valued, isQuantity) = FactEngine.withValues(units(sentences))
        return (valued.map { $0.quantity.map { "\($0.display) \($0.noun)" } }, isQuantity)
    }

    /// A text that gives its amount in words takes the values of what it counts, not of another
    /// thing its sentences count (headlines-2021-09: an evacuation's "thousands of people" was
    /// listed with the 100 homes the lava destroyed).
    @Test func anAmountInWordsTakesValuesOfWhatItCounts() {
        let result = values([
            "Thousands of people have been ordered to leave their homes as the lava advances.",
            "Lava has destroyed 80 homes on the island",
            "About 4,000 people have left the area as lava destroyed 80 homes",
            "Some 5,000 people have fled their homes near the volcano",
        ])
        #expect(result.values == [nil, nil, "4000 people", "5000 people"])
        #expect(result.isQuantity)
        // Without counts of people, no values at all: 80 homes are no figure of the people.
        let homes = values([
            "Thousands of people have been ordered to leave their homes as the lava advances.",
            "Lava has destroyed 80 homes on the island",
        ])
        #expect(homes.values == [nil, nil])
        #expect(!homes.isQuantity)
    }

    /// A text that measures something takes no value of another measure (headlines-2021-09: a
    /// slackline "70m (230ft) high" was listed with the 600 metres walked along it).
    @Test func aMeasureTakesNoValueOfAnother() {
        let result = values([
            "A tightrope walker crossed a 50m (164ft) high wire over the river.",
            "The walker covered 500 metres on a wire above the river",
        ])
        #expect(result.values == [nil, nil])
        #expect(!result.isQuantity)
    }

    /// A text's bare figure is its value wherever a sentence states it, and another count in the
    /// same sentence is not (headlines-2021-09: a national total of infections, stated by two
    /// outlets, was listed with one outlet's new infections of the day).
    @Test func aBareFigureIsTheValueItsSentencesShare() {
        let result = values([
            "Monday's figures took the national tally past 1,204,311.",
            "The ministry logged 18,100 new infections on Monday, taking the national tally past 1,204,311.",
        ])
        #expect(result.values == ["1204311 ", "1204311 "])
        #expect(result.isQuantity)
    }

    /// A text that counts nothing and states no figure takes the count most of its sentences give,
    /// as before.
    @Test func aTextWithoutFigureTakesTheCountMostGive() {
        let result = values([
            "Gunman opens fire at a university in the city",
            "Eight killed as gunman opens fire at a university",
            "Six killed in university shooting, officials say",
        ])
        #expect(result.values == [nil, "8 kill", "6 kill"])
        #expect(result.isQuantity)
    }
}
