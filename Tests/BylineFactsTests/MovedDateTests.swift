import BylineFacts
import Foundation
import Testing

/// A `moved_date` anomaly names every pubDate the versions carried, in order (it named one).
@Suite struct MovedDateTests {
    static let start = Date(timeIntervalSince1970: 1_631_959_200)  // 2021-09-18T10:00:00Z

    static func item(pubDates hours: [Double]) -> FactItem {
        let versions = hours.enumerated().map { index, hour in
            FactVersion(seenAt: start.addingTimeInterval(Double(index) * 3600), previousPull: nil, title: "Title \(index)",
                        summary: "", published: start.addingTimeInterval(hour * 3600))
        }
        return FactItem(itemID: 1, outlet: "bbc", guid: "bbc-1", published: versions.first?.published, versions: versions)
    }

    @Test(arguments: [
        ([0, 0, 2], "moved from 2021-09-18T10:00:00Z to 2021-09-18T12:00:00Z"),
        ([0, 2, 0], "moved from 2021-09-18T10:00:00Z to 2021-09-18T12:00:00Z to 2021-09-18T10:00:00Z"),
        ([0, 1, 2, 3, 4, 5], "moved from 2021-09-18T10:00:00Z to 2021-09-18T11:00:00Z to 2021-09-18T12:00:00Z to "
            + "2021-09-18T13:00:00Z to 2021-09-18T14:00:00Z to 2021-09-18T15:00:00Z"),
        ([0, 1, 2, 3, 4, 5, 6], "moved from 2021-09-18T10:00:00Z to 2021-09-18T11:00:00Z to 2021-09-18T12:00:00Z to ... to "
            + "2021-09-18T15:00:00Z to 2021-09-18T16:00:00Z (7 pubDates)"),
    ] as [([Double], String)])
    func theDetailNamesEveryPubDate(hours: [Double], detail: String) throws {
        let anomalies = TimeAnomalyDetector.anomalies(in: [Self.item(pubDates: hours)])
        let moved = try #require(anomalies.first { $0.kind == .movedDate })
        #expect(moved.published == Self.start)
        #expect(moved.detail == detail)
    }

    /// Within a minute is no move.
    @Test func aMinuteIsNoMove() {
        let anomalies = TimeAnomalyDetector.anomalies(in: [Self.item(pubDates: [0, 1.0 / 60])])
        #expect(!anomalies.contains { $0.kind == .movedDate })
    }
}
