import BylineStories
import Testing

/// The headline that represents a story: its most central report, not its earliest.
@Suite struct CentralHeadlineTests {
    /// The Gabby Petito story of headlines-2021-09, its first reports in time order: the earliest
    /// (cnntv's bodycam item) names nobody.
    static let petito = [
        "Bodycam footage raises more questions about missing woman",
        "Petito's fiancé, Brian Laundrie, reported missing from FL home",
        "Analysis: What social media doesn't show us about Gabby Petito's life",
        "FBI: Human remains found in Wyoming 'consistent' with description of Gabby Petito",
        "Authorities find body in search for missing van-life girl Gabby Petito",
        "Gabby Petito's body found: Tragic discovery during search in forest",
        "Body found where Gabby Petito search is underway in Wyoming, no confirmation of identity",
        "FBI say body 'matching the description' of Gabby Petito has been found in Wyoming",
    ]

    @Test func withoutEmbeddingsTheTitleSharingTheMostWordsWithTheOthers() {
        let index = CentralHeadline.index(of: Self.petito.map { (title: $0, embedding: nil) })
        #expect(index.map { Self.petito[$0] } == "FBI say body 'matching the description' of Gabby Petito has been found in Wyoming")
    }

    @Test func withEmbeddingsTheReportClosestToTheirMean() {
        // Three reports on a plane (unit vectors): the middle one is closest to the mean.
        let reports: [(title: String, embedding: [Float]?)] = [
            ("first", [1, 0]), ("middle", [0.7071068, 0.7071068]), ("last", [0, 1]), ("no vector", nil),
        ]
        #expect(CentralHeadline.index(of: reports) == 1)
    }

    /// The La Palma eruption in headlines-2021-09: gmanews's copy of the agency headline lost its
    /// apostrophe; of the two copies the one that kept it is shown, with or without embeddings.
    @Test func ofTwoCopiesOfOneHeadlineTheOneThatKeptItsPunctuation() {
        let titles = [
            "Volcano erupts on La Palma in Spain s Canary Islands",
            "Volcano erupts on La Palma in Spain's Canary Islands",
            "La Palma volcano erupts in the Canary Islands, forcing evacuations",
        ]
        #expect(CentralHeadline.index(of: titles.map { (title: $0, embedding: nil) }) == 1)
        let embedded: [(title: String, embedding: [Float]?)] = zip(titles, [[Float(1), 0], [1, 0], [0.6, 0.8]]).map { ($0, $1) }
        #expect(CentralHeadline.index(of: embedded) == 1)
        #expect(CentralHeadline.index(of: Array(embedded.prefix(2))) == 1)
        // Different headlines are not copies: the earliest of two stays.
        #expect(CentralHeadline.index(of: [(titles[0], nil), (titles[2], nil)]) == 0)
    }

    @Test func oneOrTwoReportsKeepTheEarliest() {
        #expect(CentralHeadline.index(of: []) == nil)
        #expect(CentralHeadline.index(of: [("a", nil), ("b b", nil)]) == 0)
    }
}
