import Foundation
import Testing
import BylineFacts

/// 2024-02-21 at `hour:minute` UTC.
private func feb21(_ hour: Int, _ minute: Int = 0) -> Date {
    Date(timeIntervalSince1970: 1_708_473_600 + Double(hour * 3600 + minute * 60))
}

/// An item with one version first seen at `seen`, the feed's previous pull at `previous`.
private func report(_ id: Int64, _ outlet: String, previous: Date?, seen: Date, published: Date? = nil,
                    _ title: String, _ summary: String) -> FactItem {
    FactItem(itemID: id, outlet: outlet, guid: "\(outlet)-\(id)", published: published,
             versions: [FactVersion(seenAt: seen, previousPull: previous, title: title, summary: summary, published: published)])
}

/// The facts of `items` with their attributions checked against `outlets`.
private func checked(_ items: [FactItem], outlets: OutletDirectory = AttributionCheckTests.followed) -> [Attribution] {
    AttributionCheck.checked(FactEngine.analyze(items).attributions, items: items, outlets: outlets)
}

/// Attributions that name outlets: matched to the outlets Byline follows, and "X was first"
/// checked against the story's observed times. The texts are those of the 2024-02-21 asylum
/// story (ABC News: "... CNN was first to report the consideration").
@Suite struct AttributionCheckTests {
    static let followed = OutletDirectory([
        .init(id: "abcnews", name: "ABC News"),
        .init(id: "abcnews-au", name: "ABC News (Australia)", aliases: ["Australian Broadcasting Corporation"]),
        .init(id: "cnn", name: "CNN"),
        .init(id: "fox", name: "Fox News"),
        .init(id: "nbcnews", name: "NBC News", aliases: ["NBC"]),
        .init(id: "nytimes", name: "The New York Times", aliases: ["NYT"]),
    ])

    /// CNN's report: published 13:45, first seen at the 14:00 pull (previous pull 13:00).
    static let cnn = report(
        1, "cnn", previous: feb21(13), seen: feb21(14), published: feb21(13, 45),
        "Biden administration considering executive action to restrict asylum at the southern border",
        "The Biden administration is considering executive action that would restrict migrants from seeking asylum at the US-Mexico border, sources said.")
    /// ABC News's report, crediting CNN: no publisher time, first seen at the 16:00 pull
    /// (previous pull 15:00).
    static let abc = report(
        2, "abcnews", previous: feb21(15), seen: feb21(16),
        "Biden weighs tightening asylum restrictions at the southern border",
        "President Joe Biden is weighing executive action that would restrict asylum claims at the southern border, sources said. CNN was first to report the consideration.")

    @Test func a_credit_to_an_outlet_seen_first_is_confirmed_by_the_times() throws {
        let attributions = checked([Self.cnn, Self.abc])
        let claim = try #require(attributions.first)
        #expect(attributions.count == 1)
        #expect(claim.outlet == "abcnews")
        #expect(claim.kind == .wasFirstToReport)
        #expect(claim.phrase == "CNN was first to report")
        #expect(claim.credited == "CNN")
        #expect(claim.creditedOutlet == "cnn")
        #expect(claim.creditedLabel == "cnn")
        #expect(claim.verdict == .confirmed)
        #expect(claim.evidence == "first reports: cnn at 2024-02-21T13:45:00Z (published) before abcnews at 2024-02-21T16:00:00Z (window)")
        #expect(claim.firstReport == Credit(outlet: "cnn", time: ObservedTime(firstSeen: feb21(14), previousPull: feb21(13), published: feb21(13, 45)),
                                            tiedWith: []))
    }

    @Test func a_credit_to_an_outlet_that_another_outlet_beat_is_contradicted() throws {
        let nbc = report(3, "nbcnews", previous: feb21(11), seen: feb21(12), "Biden weighs executive action on asylum at the border",
                         "President Biden is weighing executive action to restrict asylum at the southern border, officials said.")
        let claim = try #require(checked([Self.cnn, Self.abc, nbc]).first)
        #expect(claim.creditedOutlet == "cnn")
        #expect(claim.verdict == .contradicted)
        #expect(claim.evidence == "first reports: nbcnews at 2024-02-21T12:00:00Z (window) before cnn at 2024-02-21T13:45:00Z (published)")
        #expect(claim.firstReport?.outlet == "nbcnews")
    }

    @Test func a_credit_to_an_outlet_whose_window_overlaps_another_is_a_tie() throws {
        // NBC's item appeared between the 13:30 and 14:30 pulls: it may be before or after 13:45.
        let nbc = report(3, "nbcnews", previous: feb21(13, 30), seen: feb21(14, 30), "Biden weighs executive action on asylum at the border",
                         "President Biden is weighing executive action to restrict asylum at the southern border, officials said.")
        let claim = try #require(checked([Self.cnn, Self.abc, nbc]).first)
        #expect(claim.verdict == .undecidable)
        #expect(claim.evidence == "first reports: cnn at 2024-02-21T13:45:00Z (published) tied with nbcnews at 2024-02-21T14:30:00Z (window)")
        #expect(claim.firstReport?.outlet == "cnn")
        #expect(claim.firstReport?.tiedWith == ["nbcnews"])
    }

    @Test func a_credit_to_a_followed_outlet_without_a_report_in_the_story_is_not_decidable() throws {
        let abc = report(2, "abcnews", previous: feb21(15), seen: feb21(16), "Biden weighs tightening asylum restrictions at the southern border",
                         "The White House is weighing executive action on asylum, as NBC first reported.")
        let claim = try #require(checked([Self.cnn, abc]).first)
        #expect(claim.kind == .asFirstReported)
        #expect(claim.credited == "NBC")
        #expect(claim.creditedOutlet == "nbcnews")
        #expect(claim.verdict == .undecidable)
        #expect(claim.evidence == "nbcnews has no report in this story")
    }

    @Test func aliases_and_the_name_without_the_match_the_new_york_times() throws {
        let directory = Self.followed
        for name in ["The New York Times", "New York Times", "the New York Times'", "NYT", "nyt", "NYTimes", "nytimes"] {
            #expect(directory.match(name) == .outlet("nytimes"), "\(name)")
        }
        #expect(directory.match("the Times") == .unknown)
        #expect(directory.match("ABC News") == .outlet("abcnews"))
        #expect(directory.match("Australian Broadcasting Corporation") == .outlet("abcnews-au"))
        #expect(directory.match("FOX") == .outlet("fox"))

        let nyt = report(3, "nytimes", previous: feb21(9), seen: feb21(10), published: feb21(9, 30),
                         "Biden considers executive action to restrict asylum",
                         "The president is weighing executive action that would restrict asylum at the southern border, officials said.")
        let abc = report(2, "abcnews", previous: feb21(15), seen: feb21(16), "Biden weighs tightening asylum restrictions at the southern border",
                         "The New York Times was first to report the plan. The move would restrict asylum, as NYT first reported.")
        let claims = checked([Self.cnn, abc, nyt])
        #expect(claims.map(\.credited) == ["The New York Times", "NYT"])
        #expect(claims.map(\.kind) == [.wasFirstToReport, .asFirstReported])
        #expect(claims.map(\.creditedOutlet) == ["nytimes", "nytimes"])
        #expect(claims.map(\.verdict) == [.confirmed, .confirmed])
        #expect(claims.map(\.evidence) == Array(repeating: "first reports: nytimes at 2024-02-21T09:30:00Z (published) before cnn at 2024-02-21T13:45:00Z (published) and 1 other outlet", count: 2))
    }

    /// What follows an outlet's name in a text (a weekday, a reporter, a desk) does not hide it.
    @Test(arguments: [("CNN Monday", "cnn"), ("CNN's Jake Tapper", "cnn"), ("Fox News Digital", "fox"), ("NBC News' Lester Holt", "nbcnews")])
    func a_name_followed_by_more_words_matches_by_its_opening_words(name: String, id: String) {
        #expect(Self.followed.match(name) == .outlet(id))
    }

    @Test func opening_words_that_name_no_outlet_match_nothing() {
        #expect(Self.followed.match("New York officials") == .unknown)
        #expect(Self.followed.match("Reuters Monday") == .unknown)
    }

    @Test func an_attribution_to_an_outlet_byline_does_not_follow_says_so() throws {
        let abc = report(2, "abcnews", previous: feb21(15), seen: feb21(16), "Biden weighs tightening asylum restrictions at the southern border",
                         "The plan was first reported by Reuters. Crossings fell 40 percent, according to the Migration Policy Institute. An official told CNN the order was drafted.")
        let claims = checked([Self.cnn, abc])
        #expect(claims.map(\.kind) == [.firstReportedBy, .accordingTo, .toldTo])
        #expect(claims.map(\.credited) == ["Reuters", "Migration Policy Institute", "CNN"])
        #expect(claims.map(\.creditedOutlet) == [nil, nil, "cnn"])
        #expect(claims.map(\.creditedLabel) == ["Reuters", "Migration Policy Institute", "cnn"])
        #expect(claims.map(\.verdict) == [.undecidable, .notAClaim, .notAClaim])
        #expect(claims.map(\.evidence) == [
            "'Reuters' is not an outlet Byline follows", "'Migration Policy Institute' is not an outlet Byline follows", "",
        ])
        // Every attribution names who Byline saw first, the story's credit.
        #expect(claims.map { $0.firstReport?.outlet } == ["cnn", "cnn", "cnn"])
    }

    @Test func a_name_that_two_followed_outlets_share_credits_neither() throws {
        let directory = OutletDirectory([.init(id: "abcnews", name: "ABC News", aliases: ["ABC"]),
                                         .init(id: "abcnews-au", name: "ABC News (Australia)", aliases: ["ABC"])])
        #expect(directory.match("the ABC") == .ambiguous(["abcnews", "abcnews-au"]))
        let abc = report(2, "nytimes", previous: feb21(15), seen: feb21(16), "Biden weighs tightening asylum restrictions at the southern border",
                         "ABC was first to report the plan.")
        let claim = try #require(checked([Self.cnn, abc], outlets: directory).first)
        #expect(claim.creditedOutlet == nil)
        #expect(claim.verdict == .undecidable)
        #expect(claim.evidence == "'ABC' names several outlets Byline follows: abcnews, abcnews-au")
    }

    @Test func scoop_claims_keep_the_verdict_of_their_facts_and_name_their_outlet() throws {
        let items = [
            report(1, "cnn", previous: feb21(9), seen: feb21(10), "Deportations begin", "Officials said 320 migrants were deported to Haiti on Sunday."),
            report(2, "fox", previous: feb21(11), seen: feb21(12), "Flights resume", "FIRST ON FOX: Officials said 320 migrants were deported to Haiti on Sunday."),
        ]
        let facts = FactEngine.analyze(items)
        let claims = AttributionCheck.checked(facts.attributions, items: items, outlets: Self.followed)
        #expect(claims.map(\.kind) == [.firstOn])
        #expect(claims.map(\.creditedOutlet) == ["fox"])
        #expect(claims.map(\.verdict) == facts.attributions.map(\.verdict))
        #expect(claims.map(\.evidence) == facts.attributions.map(\.evidence))
        #expect(claims.map(\.verdict) == [.contradicted])
    }
}
