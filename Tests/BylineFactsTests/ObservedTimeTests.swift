import Foundation
import Testing
import BylineFacts

/// 2021-09-20T09:00:00Z plus `minutes`.
func at(_ minutes: Double) -> Date { Date(timeIntervalSince1970: 1_632_128_400 + minutes * 60) }

/// A window `(previous, seen]` in minutes after 09:00Z, with an optional publisher time.
func window(_ previous: Double?, _ seen: Double, published: Double? = nil) -> ObservedTime {
    ObservedTime(firstSeen: at(seen), previousPull: previous.map(at), published: published.map(at))
}

@Suite struct ObservedTimeTests {
    @Test func a_consistent_publisher_time_narrows_the_window_to_a_point() {
        let time = window(0, 60, published: 30)
        #expect(time.source == .published)
        #expect(time.earliest == at(30))
        #expect(time.latest == at(30))
    }

    @Test func a_publisher_time_outside_the_window_is_ignored() {
        let before = window(0, 60, published: -30)
        #expect(before.source == .window)
        #expect(before.earliest == at(0))
        #expect(before.latest == at(60))
        let after = window(0, 60, published: 63) // 3 minutes late: beyond the 120 s clock skew
        #expect(after.source == .window)
        #expect(after.latest == at(60))
        let skewed = window(0, 60, published: 61) // within the skew: counts, capped at firstSeen
        #expect(skewed.source == .published)
        #expect(skewed.latest == at(60))
    }

    @Test func a_pull_checks_a_publisher_time_inside_a_window_of_up_to_a_day() {
        // Previous pull a second less than 24 h before the pull that saw the item: checked.
        let day = ObservedTime(firstSeen: at(1_440).addingTimeInterval(-1), previousPull: at(0), published: at(1_400))
        #expect(day.pullChecksPublished && !day.restsOnPubDateAlone)
        // 24 h: a gap in the record, the pubDate rests on its own word.
        let gap = window(0, 1_440, published: 1_400)
        #expect(gap.source == .published && !gap.pullChecksPublished && gap.restsOnPubDateAlone)
        // Seen at the feed's first pull: nothing checks it either.
        #expect(window(nil, 60, published: 30).restsOnPubDateAlone)
        // A window (no consistent pubDate) does not rest on a pubDate at all.
        #expect(!window(0, 60, published: -30).restsOnPubDateAlone && !window(0, 60, published: -30).pullChecksPublished)
    }

    @Test func a_first_pull_without_publisher_time_is_unbounded_below() {
        let time = window(nil, 60)
        #expect(time.source == .firstSeen)
        #expect(time.earliest == nil)
        #expect(time.latest == at(60))
    }

    @Test(arguments: [
        // (a, b, overlap)
        (window(0, 60, published: 30), window(20, 50), true),  // point 09:30 inside (09:20, 09:50]
        (window(0, 60, published: 30), window(30, 50), false), // window opens at the point: exclusive
        (window(0, 60, published: 30), window(-30, 30), true), // point equals the window's end
        (window(0, 60, published: 30), window(0, 60, published: 30), true), // equal points
        (window(0, 60, published: 30), window(0, 60, published: 31), false), // points a minute apart
        (window(0, 60), window(30, 90), true),                 // windows overlapping
        (window(0, 60), window(60, 90), false),                // windows touching
        (window(nil, 60), window(0, 30), true),                // unbounded window covers an earlier one
        (window(nil, 60), window(70, 90), false),              // unbounded below, but ends earlier
    ])
    func overlap(a: ObservedTime, b: ObservedTime, expected: Bool) {
        #expect(a.overlaps(b) == expected)
        #expect(b.overlaps(a) == expected)
    }
}

@Suite struct CreditTests {
    @Test func disjoint_windows_give_a_clear_first() throws {
        let credit = try #require(Credit.first(of: [("cnn", window(60, 120)), ("bbc", window(0, 60))]))
        #expect(credit.outlet == "bbc")
        #expect(credit.time == window(0, 60))
        #expect(credit.tiedWith == [])
        #expect(!credit.isTie)
    }

    @Test func overlapping_windows_are_a_tie_named_in_id_order() throws {
        let credit = try #require(Credit.first(of: [
            ("smh", window(50, 80)), ("cnn", window(30, 70)), ("bbc", window(0, 60)), ("wsj", window(60, 120)),
        ]))
        #expect(credit.outlet == "bbc")
        #expect(credit.tiedWith == ["cnn", "smh"])
        #expect(credit.isTie)
    }

    @Test func equal_points_tie_and_the_smaller_id_leads() throws {
        let credit = try #require(Credit.first(of: [
            ("wsj", window(0, 60, published: 30)), ("abc", window(10, 50, published: 30)),
        ]))
        #expect(credit.outlet == "abc")
        #expect(credit.tiedWith == ["wsj"])
    }

    @Test func an_outlets_earliest_appearance_counts() throws {
        let credit = try #require(Credit.first(of: [
            ("bbc", window(100, 130)), ("cnn", window(40, 70)), ("bbc", window(0, 30)),
        ]))
        #expect(credit.outlet == "bbc")
        #expect(credit.time == window(0, 30))
        #expect(credit.tiedWith == [])
    }

    /// September story 840 (John Challis dies): bbc's report at 16:34:42Z (a publisher time in its
    /// window); dailymail's earliest-ending report is a publisher point at 18:52:06Z, but three of
    /// its reports were seen in the window (13:04:10Z, 19:13:08Z], which holds bbc's time, so
    /// dailymail may have come first: a tie, though its earliest-ending report alone was later.
    @Test func any_report_of_an_outlet_that_cannot_be_ordered_ties_it() throws {
        // Minutes after 09:00Z: 13:04:10 = 244.17, 16:34:42 = 454.7, 18:52:06 = 592.1, 19:13:08 = 613.13.
        let credit = try #require(Credit.first(of: [
            ("bbc", window(244.1667, 613.1333, published: 454.7)),
            ("dailymail", window(244.1667, 613.1333, published: 592.1)),
            ("dailymail", window(244.1667, 613.1333)),
            ("cnn", window(600, 700)),
        ]))
        #expect(credit.outlet == "bbc")
        #expect(credit.time == window(244.1667, 613.1333, published: 454.7))
        #expect(credit.tiedWith == ["dailymail"])
    }

    @Test func no_appearances_no_credit() {
        #expect(Credit.first(of: []) == nil)
    }
}

/// A publisher time before any feed existed (a fresh user's feed said `Sat, 16 Oct 0001
/// 19:31:45 GMT`) is no evidence: on a feed's first pull it used to make its outlet first by
/// two thousand years. It is flagged instead.
@Suite struct ImpossiblePublisherTimeTests {
    static let yearOne = try! Date.ISO8601FormatStyle().parse("0001-10-16T19:31:45Z")

    @Test func aPublisherTimeBefore1997IsNotTheItemsTime() throws {
        let placeholder = ObservedTime(firstSeen: at(60), previousPull: nil, published: Self.yearOne)
        #expect(placeholder.source == .firstSeen)
        #expect(placeholder.latest == at(60))
        #expect(placeholder.earliest == nil)
        let credit = try #require(Credit.first(of: [("bbc", placeholder), ("cnn", window(0, 40, published: 30))]))
        #expect(credit.outlet == "cnn")
        #expect(credit.time.latest == at(30))
        #expect(credit.tiedWith == ["bbc"])  // bbc's first pull bounds nothing below: a tie, said so
    }

    @Test func aPubDateHoursBeforeThePullThatDidNotListItIsLateInFeed() {
        // Seen at 12:00 after a pull at 11:00 that did not list it.
        func item(_ id: Int64, published: Date, dayOffset: Int? = nil) -> FactItem {
            FactItem(itemID: id, outlet: "nzherald", guid: "n-\(id)", published: published,
                     versions: [FactVersion(seenAt: at(180), previousPull: at(120), title: "Auckland stays at alert level 3", summary: "",
                                            published: published, publishedDayOffset: dayOffset)],
                     publishedDayOffset: dayOffset)
        }
        let day = 86_400.0
        let items = [
            item(1, published: at(30)),  // 09:30: 90 min before the pull
            item(2, published: at(90)),  // 10:30: 30 min before, a cache's delay
            item(6, published: at(60)),  // 10:00: exactly an hour before, not more
            // 2021-09-20 +0800 (from 2021-09-19T16:00Z): the day runs past the pull.
            item(3, published: Date(timeIntervalSince1970: 1_632_067_200), dayOffset: 28_800),
            // 2021-09-18 +0800: the day ended 2021-09-18T16:00Z.
            item(4, published: Date(timeIntervalSince1970: 1_632_067_200 - 2 * day), dayOffset: 28_800),
        ]
        let anomalies = TimeAnomalyDetector.anomalies(in: items)
        #expect(anomalies.map(\.itemID) == [1, 4])
        #expect(anomalies.allSatisfy { $0.kind == .lateInFeed })
        #expect(anomalies.first?.detail == "5400 s before the feed's previous pull at 2021-09-20T11:00:00Z, which did not list it")
        #expect(anomalies.last?.detail == "154800 s before the feed's previous pull at 2021-09-20T11:00:00Z, which did not list it")
        // Without a previous pull (the feed's first), nothing bounds it.
        var first = item(5, published: at(30))
        first.versions[0].previousPull = nil
        #expect(TimeAnomalyDetector.anomalies(in: [first]).isEmpty)
        // A pubDate only a later version gave came after pulls that listed the item: not checked.
        var later = item(7, published: at(30))
        later.versions[0].published = nil
        later.versions.append(FactVersion(seenAt: at(240), previousPull: at(180), title: "Auckland stays at alert level 3", summary: "",
                                          published: at(30)))
        #expect(!TimeAnomalyDetector.anomalies(in: [later]).contains { $0.kind == .lateInFeed })
    }

    @Test func itIsAnAnomaly() {
        let item = FactItem(itemID: 7, outlet: "bbc", guid: "b-7", published: Self.yearOne,
                            versions: [FactVersion(seenAt: at(60), previousPull: nil, title: "Volcano erupts on La Palma", summary: "",
                                                   published: Self.yearOne)])
        let anomalies = TimeAnomalyDetector.anomalies(in: [item])
        #expect(anomalies.map(\.kind) == [.impossibleDate])
        #expect(anomalies.first?.detail == "before 1997, before any feed existed")
        #expect(anomalies.first?.published == Self.yearOne)
    }
}
