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

    @Test func an_attribution_to_a_news_organisation_byline_does_not_follow_says_so() throws {
        let abc = report(2, "abcnews", previous: feb21(15), seen: feb21(16), "Biden weighs tightening asylum restrictions at the southern border",
                         "The plan was first reported by Reuters. Crossings fell 40 percent, according to the Migration Policy Institute. An official told CNN the order was drafted.")
        let claims = checked([Self.cnn, abc])
        #expect(claims.map(\.kind) == [.firstReportedBy, .accordingTo, .toldTo])
        #expect(claims.map(\.credited) == ["Reuters", "Migration Policy Institute", "CNN"])
        #expect(claims.map(\.creditedOutlet) == [nil, nil, "cnn"])
        #expect(claims.map(\.creditedLabel) == ["Reuters", "Migration Policy Institute", "cnn"])
        #expect(claims.map(\.verdict) == [.undecidable, .notAClaim, .notAClaim])
        // Reuters is a news organisation Byline does not follow; the institute is a source.
        #expect(claims.map(\.creditedKind) == [.newsOrganisation, .source, .followedOutlet])
        #expect(claims.map(\.evidence) == [
            "'Reuters' is not an outlet Byline follows", "'Migration Policy Institute' is a source, not a news outlet", "",
        ])
        // Every attribution names who Byline saw first, the story's credit.
        #expect(claims.map { $0.firstReport?.outlet } == ["cnn", "cnn", "cnn"])
    }

    /// headlines-2021-09: sources whose names were cut at an abbreviation's dot ("U.S") or at
    /// the first lower-case word ("Dutch", "Chinese"); the texts are the feeds' own.
    @Test func a_source_keeps_its_abbreviations_and_the_words_that_describe_it() throws {
        let quake = report(1, "latimes", previous: feb21(9), seen: feb21(10), "3.0 earthquake registered in San Fernando",
                           "A magnitude 3.0 earthquake was reported Tuesday at 5:57 p.m. in San Fernando, according to the U.S. Geological Survey.")
        let taller = report(2, "cnn", previous: feb21(9), seen: feb21(10), "The world's tallest people are getting shorter",
                            "The Netherlands has long been the world's tallest nation -- but its people are getting shorter, according to Dutch researchers.")
        let andrew = report(3, "dailymail", previous: feb21(9), seen: feb21(10), "PLATELL'S PEOPLE: Stop hiding, Andrew",
                            "PLATELL'S PEOPLE: The helicopter hero who flew so bravely in the Falklands is reduced to 'playing hide and seek behind palace walls' according to U.S. lawyers.")
        let claims = [quake, taller, andrew].flatMap { checked([$0]) }
        #expect(claims.map(\.kind) == [.accordingTo, .accordingTo, .accordingTo])
        #expect(claims.map(\.credited) == ["U.S. Geological Survey", "Dutch researchers", "U.S. lawyers"])
        #expect(claims.map(\.phrase) == ["according to the U.S. Geological Survey", "according to Dutch researchers", "according to U.S. lawyers"])
        // An abbreviation that ends a sentence keeps its dot, and the next sentence is not part of it.
        let usa = report(4, "cnn", previous: feb21(9), seen: feb21(10), "Talks", "The deal was signed, according to the U.S. Officials said more.")
        #expect(checked([usa]).map(\.credited) == ["U.S."])
        #expect(claims.map(\.evidence) == ["'U.S. Geological Survey' is a source, not a news outlet",
                                           "'Dutch researchers' is a source, not a news outlet", "'U.S. lawyers' is a source, not a news outlet"])
    }

    /// headlines-2021-09, the New Zealand Herald: "A witness told the Herald ..." names the
    /// Herald itself, not "an outlet Byline does not follow"; in another outlet's text "the
    /// Herald" names no one outlet.
    @Test func an_outlets_short_name_for_itself_credits_it() throws {
        let directory = OutletDirectory([.init(id: "nzherald", name: "The New Zealand Herald"),
                                         .init(id: "smh", name: "The Sydney Morning Herald"),
                                         .init(id: "aljazeeraenglish", name: "Al Jazeera English (YouTube)")])
        let witness = "Armed police are responding to an incident in the West Auckland suburb of Glendene. A witness told the Herald they could see armed police officers outside their house."
        let own = report(1, "nzherald", previous: feb21(9), seen: feb21(10), "Armed police respond to incident in Glendene", witness)
        let other = report(2, "stuffnz", previous: feb21(9), seen: feb21(10), "Armed police respond to incident in Glendene", witness)
        let jazeera = report(3, "aljazeeraenglish", previous: feb21(9), seen: feb21(10), "Haiti gangs",
                             "A police officer told Al Jazeera the gang had demanded a ransom.")
        let claims = [own, other, jazeera].flatMap { checked([$0], outlets: directory) }
        #expect(claims.map(\.credited) == ["Herald", "Herald", "Al Jazeera"])
        #expect(claims.map(\.creditedOutlet) == ["nzherald", nil, "aljazeeraenglish"])
        #expect(claims.map(\.evidence) == ["", "'Herald' is not an outlet Byline follows", ""])
        #expect(directory.isShortName("the Herald", of: "smh"))
        #expect(!directory.isShortName("Sydney", of: "nzherald"))
        #expect(!directory.isShortName("Jazeera", of: "aljazeeraenglish"))
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
