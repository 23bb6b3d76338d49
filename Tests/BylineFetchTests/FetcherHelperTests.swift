@testable import BylineFetch
import Foundation
import Testing

@Suite struct FetcherHelperTests {
    /// 2021-09-19T08:30:00Z.
    static let now = Date(timeIntervalSince1970: 1_632_040_200)

    @Test(arguments: [
        ("120", 120.0),
        ("0", 0.0),
        ("Sun, 19 Sep 2021 08:32:00 GMT", 120.0),
        ("Sun, 19 Sep 2021 08:00:00 GMT", 0.0),
    ])
    func retryAfterValues(value: String, seconds: Double) {
        #expect(Fetcher.retryAfterSeconds(value, now: Self.now) == seconds)
    }

    @Test(arguments: ["-5", "soon", ""])
    func unreadableRetryAfterIsNil(value: String) {
        #expect(Fetcher.retryAfterSeconds(value, now: Self.now) == nil)
    }

    @Test(arguments: [(30.0, "30 s"), (1.0, "1 s"), (0.5, "0.5 s")])
    func secondsAreWrittenShort(value: Double, text: String) {
        #expect(FetchFailure.seconds(value) == text)
    }

    @Test(arguments: [(16 * 1024 * 1024, "16 MiB"), (65536, "64 KiB"), (1000, "1000 bytes")])
    func sizesAreWrittenShort(bytes: Int, text: String) {
        #expect(FetchFailure.size(bytes) == text)
    }

    @Test(arguments: [
        (["public, max-age=600"], 600.0 as Double?),
        (["no-cache", "max-age=\"30\""], 30.0),
        (["no-store"], nil),
        (["max-age=soon"], nil),
    ])
    func maxAgeIsRead(values: [String], seconds: Double?) {
        #expect(Fetcher.maxAge(values) == seconds)
    }

    @Test(arguments: [
        ("/b", "http://127.0.0.1:8080/a/x", "http://127.0.0.1:8080/b" as String?),
        ("c.xml", "http://127.0.0.1:8080/a/x", "http://127.0.0.1:8080/a/c.xml"),
        ("https://example.org/feed", "http://127.0.0.1/a", "https://example.org/feed"),
        ("ftp://example.org/feed", "http://127.0.0.1/a", nil),
    ])
    func redirectTargetsResolve(location: String, base: String, target: String?) {
        #expect(Fetcher.resolve(location, against: base) == target)
    }
}
