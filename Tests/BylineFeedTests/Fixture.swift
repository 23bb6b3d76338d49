import BylineFeed
import Foundation
import Testing

/// Loads the hand-written fixtures beside these tests (`Fixtures/`, a copied resource).
enum Fixture {
    /// The fixture folder inside the test bundle.
    static var folder: URL {
        get throws {
            try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil), "Fixtures resource missing")
        }
    }

    /// The bytes of one fixture file.
    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// One fixture parsed with default options.
    static func parse(_ name: String, url: String? = nil, contentType: String? = nil) throws -> Feed {
        try FeedParser().parse(data(name), url: url, contentType: contentType)
    }

    /// A UTC instant from calendar fields, for exact date assertions.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return calendar.date(from: components)!
    }
}
