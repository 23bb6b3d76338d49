import Foundation
import Testing
import BylineFacts

/// A story's events (``StoryEvents``): items joined by the facts they state together, each
/// credited over its own items as a story is.
@Suite struct StoryEventsTests {
    static func at(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    /// A story of headlines-2021-09 (item ids, pulls and pubDates as a fresh import stores them): the Philippine health department's
    /// word on vaccinating minors (gmanews, philstar) and Pfizer's trial in children (smh, cnn),
    /// one story by their words, two events by their facts.
    static let items: [(id: Int64, outlet: String, time: ObservedTime)] = [
        (1577, "gmanews", ObservedTime(firstSeen: at("2021-09-20T00:57:39Z"), previousPull: at("2021-09-20T00:28:00Z"), published: at("2021-09-20T00:40:05Z"))),
        (2362, "smh", ObservedTime(firstSeen: at("2021-09-20T18:32:19Z"), previousPull: at("2021-09-20T09:53:42Z"), published: at("2021-09-20T11:10:06Z"))),
        (2171, "cnn", ObservedTime(firstSeen: at("2021-09-20T18:32:19Z"), previousPull: at("2021-09-20T09:53:42Z"), published: at("2021-09-20T13:18:03Z"))),
        (2337, "philstar", ObservedTime(firstSeen: at("2021-09-20T18:32:19Z"), previousPull: at("2021-09-20T09:53:42Z"), published: at("2021-09-20T16:00:00Z"))),
    ]

    static func fact(_ id: Int, _ items: [(id: Int64, outlet: String, time: ObservedTime)]) -> Fact {
        let mentions = items.map { Mention(outlet: $0.outlet, itemID: $0.id, sentence: "", time: $0.time) }
        return Fact(id: id, text: "", mentions: mentions, credit: Credit.first(of: items.map { ($0.outlet, $0.time) })!,
                    outlets: items.map(\.outlet))
    }

    @Test func twoEventsEachWithItsOwnFirstReport() {
        let items = Self.items
        let events = StoryEvents.events(items: items, facts: [Self.fact(1, [items[0], items[3]]), Self.fact(4, [items[1], items[2]])])
        #expect(events.map(\.itemIDs) == [[1577, 2337], [2362, 2171]])
        #expect(events.map(\.credit.outlet) == ["gmanews", "smh"])
        #expect(events.map(\.firstItemID) == [1577, 2362])
        #expect(events[1].credit.time.estimate == Self.at("2021-09-20T11:10:06Z"))
        #expect(events.allSatisfy { $0.credit.tiedWith.isEmpty })
    }

    /// cnn's item was in its feed at Byline's first pull, with no pubDate: its window reaches
    /// back without limit, so smh's first report of the event is a tie with it, as a story's
    /// would be. The other event keeps its clear first.
    @Test func anEventsFirstReportIsATieWhenAnotherOutletsItemCannotBeOrdered() {
        var items = Self.items
        items[2].time = ObservedTime(firstSeen: Self.at("2021-09-20T18:32:19Z"), previousPull: nil, published: nil)
        let events = StoryEvents.events(items: items, facts: [Self.fact(1, [items[0], items[3]]), Self.fact(4, [items[1], items[2]])])
        #expect(events.map(\.credit.outlet) == ["gmanews", "smh"])
        #expect(events[1].credit.tiedWith == ["cnn"])
        #expect(events[0].credit.tiedWith.isEmpty)
    }

    /// A fact shared by an item of each group joins them: one event, so none are listed; so does
    /// a single fact.
    @Test func fewerThanTwoEventsGiveNone() {
        let items = Self.items
        #expect(StoryEvents.events(items: items, facts: [Self.fact(1, [items[0], items[3]]), Self.fact(4, [items[1], items[2]]),
                                                         Self.fact(7, [items[3], items[2]])]).isEmpty)
        #expect(StoryEvents.events(items: items, facts: [Self.fact(1, [items[0], items[3]])]).isEmpty)
    }

    /// cnn's item and the same Smerconish segment on cnntv, CNN's YouTube channel (headlines-2021-09,
    /// as stored): two outlets of one news organisation in the default outlet list, one
    /// reporter, so their shared fact makes no event beside the story's other one.
    @Test func outletsOfOneOrganisationAreNoEventTogether() {
        let segment: [(id: Int64, outlet: String, time: ObservedTime)] = [
            (133, "cnntv", ObservedTime(firstSeen: Self.at("2021-09-18T19:13:44Z"), previousPull: nil, published: Self.at("2021-09-18T18:58:07Z"))),
            (1843, "cnn", ObservedTime(firstSeen: Self.at("2021-09-20T05:31:25Z"), previousPull: Self.at("2021-09-20T04:54:20Z"), published: Self.at("2021-09-18T18:53:11Z"))),
        ]
        let items = Self.items + segment
        let facts = [Self.fact(1, [items[0], items[3]]), Self.fact(9, segment)]
        #expect(StoryEvents.events(items: items, facts: facts).map(\.itemIDs) == [[133, 1843], [1577, 2337]])
        let directory = OutletDirectory([OutletDirectory.Outlet(id: "cnn", name: "CNN"),
                                         OutletDirectory.Outlet(id: "cnntv", name: "CNN (YouTube)", organisation: "cnn")])
        #expect(StoryEvents.events(items: items, facts: facts, outlets: directory).isEmpty)
    }
}
