import BylineFacts
import Foundation
import Testing

/// A publisher date that gives only the day (``ObservedTime/publishedDayOffset``) is the
/// interval of that day met with the observed window, never its midnight.
@Suite struct DayOnlyTimeTests {
    /// 2021-09-20 in +0800: from 2021-09-19T16:00:00Z (`at(-1020)`) to 2021-09-20T16:00:00Z
    /// (`at(420)`).
    static let dayStart = at(-1020)
    static let offset = 28_800

    func day(_ previous: Double?, _ seen: Double) -> ObservedTime {
        ObservedTime(firstSeen: at(seen), previousPull: previous.map(at), published: Self.dayStart, publishedDayOffset: Self.offset)
    }

    @Test func aDayMetWithAWindowIsTheWindowWithinTheDay() {
        let time = day(0, 60)
        #expect(time.source == .publishedDay)
        #expect(time.earliest == at(0) && time.latest == at(60))
        #expect(time.pullChecksPublished && !time.restsOnPubDateAlone)
        #expect(time.publishedDayText == "2021-09-20 +0800")
        #expect(time.publishedDayEnd == at(420))
    }

    @Test func aDaySeenAfterItEndedEndsAtTheDaysEnd() {
        // First pull of the feed the next day: the publisher's word alone.
        let time = day(nil, 600)
        #expect(time.source == .publishedDay)
        #expect(time.earliest == Self.dayStart && time.latest == at(420))
        #expect(time.restsOnPubDateAlone)
    }

    @Test func aDayThatEndedBeforeThePreviousPullIsNoEvidence() {
        let time = day(420, 480)
        #expect(!time.publishedIsConsistent && time.source == .window)
        #expect(time.latest == at(480))
        // A time of day at the same instant is a point, and after the previous pull it would count.
        #expect(ObservedTime(firstSeen: at(60), previousPull: at(-1030), published: Self.dayStart).latest == Self.dayStart)
    }

    @Test func aDayDoesNotWinByItsMidnight() throws {
        // harbourpost's day (first pull at 09:00Z) against gazette's exact 08:30Z: gazette is
        // first, tied with the day that reaches past it.
        let harbourpost = day(nil, 0)
        let gazette = ObservedTime(firstSeen: at(0), previousPull: nil, published: at(-30))
        let credit = try #require(Credit.first(of: [("harbourpost", harbourpost), ("gazette", gazette)]))
        #expect(credit.outlet == "gazette" && credit.tiedWith == ["harbourpost"])
        #expect(credit.time.latest == at(-30))
    }

    @Test(arguments: [(0, "2021-09-20 +0000"), (-14_400, "2021-09-20 -0400"), (19_800, "2021-09-20 +0530")])
    func theDayIsNamedInItsOwnZone(_ offset: Int, _ text: String) {
        // The start of 2021-09-20 in that zone.
        let start = Date(timeIntervalSince1970: 1_632_096_000 - TimeInterval(offset))
        #expect(ObservedTime(firstSeen: start, previousPull: nil, published: start, publishedDayOffset: offset).publishedDayText == text)
    }
}
