import BylineFacts
@testable import BylinePipeline
import BylineReport
import Foundation
import Testing

/// The scorecard's corroboration and exclusivity with outlets of one news organisation: CNN's
/// YouTube channel (`cnntv`, of organisation `cnn`) repeating a fact of CNN's site does not
/// corroborate it, and a fact only the two carry is exclusive to each.
@Suite struct OrganisationTallyTests {
    static let organised = OutletDirectory([.init(id: "cnn", name: "CNN"), .init(id: "cnntv", name: "CNN (YouTube)", organisation: "cnn"),
                                            .init(id: "fox", name: "Fox News")])

    /// The Murdaugh fact of headlines-2021-09: CNN's video published 2021-09-16T16:04:17Z, its
    /// site's report seen an hour later, and (when `fox`) Fox News's two hours later.
    static func fact(fox: Bool) -> Fact {
        let sentence = "Alex Murdaugh plans to voluntarily surrender to police on charges related to an insurance fraud scheme."
        let published = Date(timeIntervalSince1970: 1_631_808_257)
        func time(_ hours: Double) -> ObservedTime {
            ObservedTime(firstSeen: published.addingTimeInterval(hours * 3600 + 600), previousPull: published.addingTimeInterval(-600),
                         published: published.addingTimeInterval(hours * 3600))
        }
        var mentions = [Mention(outlet: "cnntv", itemID: 1, sentence: sentence, time: time(0)),
                        Mention(outlet: "cnn", itemID: 2, sentence: sentence, time: time(1))]
        if fox { mentions.append(Mention(outlet: "fox", itemID: 3, sentence: sentence, time: time(2))) }
        return Fact(id: 1, text: sentence, mentions: mentions, credit: Credit(outlet: "cnntv", time: time(0), tiedWith: []),
                    outlets: mentions.map(\.outlet))
    }

    @Test func cnns_own_channel_neither_corroborates_nor_shares_an_exclusive() {
        var organised: [String: OutletTally] = [:]
        ReportBuilder.tally(Self.fact(fox: false), into: &organised, outlets: Self.organised)
        #expect(organised["cnntv"]?.score.factsFirst == 1)
        #expect(organised["cnntv"]?.score.factsCorroborated == 0)
        #expect(organised["cnntv"]?.score.exclusiveFacts == 1)
        #expect(organised["cnn"]?.score.exclusiveFacts == 1)
        // Every outlet an organisation of its own: cnn corroborated the channel, nothing was exclusive.
        var unorganised: [String: OutletTally] = [:]
        ReportBuilder.tally(Self.fact(fox: false), into: &unorganised)
        #expect(unorganised["cnntv"]?.score.factsCorroborated == 1)
        #expect(unorganised["cnntv"]?.score.exclusiveFacts == 0)
        #expect(unorganised["cnn"]?.score.exclusiveFacts == nil)
        // Fox News carrying it corroborates it, and it is no one's exclusive.
        var withFox: [String: OutletTally] = [:]
        ReportBuilder.tally(Self.fact(fox: true), into: &withFox, outlets: Self.organised)
        #expect(withFox["cnntv"]?.score.factsCorroborated == 1)
        #expect(withFox.values.allSatisfy { $0.score.exclusiveFacts == 0 })
    }
}
