import BylineFetch
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// Each way a pull fails is its own ``FetchFailure`` (what the schedule rules branch on), with
/// the line the pull log stores; all against a real loopback server.
@Suite struct FetchFailureTests {
    /// One loopback server with a route per failure, fetched with a 64 KiB body limit.
    private func failure(of path: String, scheme: String = "http") async throws -> FetchResult {
        try await LoopbackServer.with({ router in
            router.get("/gone") { _, _ in respond(.gone) }
            router.get("/busy") { _, _ in respond(.serviceUnavailable) }
            router.get("/big") { _, _ in respond(.ok, body: Array(repeating: UInt8(ascii: "x"), count: 100 * 1024)) }
            router.get("/loop") { _, _ in respond(.found, [.location: "/loop"]) }
            router.get("/elsewhere") { _, _ in respond(.movedPermanently, [.location: "ftp://example.org/feed"]) }
        }) { server in
            let url = server.url(path).replacingOccurrences(of: "http://", with: "\(scheme)://")
            // Generous time limits: the full suite on a loaded machine must not turn a refused
            // handshake into a timeout.
            return try await withFetcher(FetchSettings(connectTimeout: 120, totalTimeout: 180, maxBodyBytes: 64 * 1024)) {
                await $0.fetch(FetchRequest(url: url))
            }
        }
    }

    @Test(arguments: [
        ("/gone", FetchFailure.status(410), "HTTP 410"),
        ("/busy", .status(503), "HTTP 503"),
        ("/big", .tooLarge(limit: 65_536, contentLength: 102_400, afterDecompression: false), "body exceeds 64 KiB (Content-Length 102400)"),
        ("/loop", .redirectLoop, "redirect loop"),
        ("/elsewhere", .unusableRedirect(status: 301, location: "ftp://example.org/feed"),
         "HTTP 301 to an unusable Location 'ftp://example.org/feed'"),
    ])
    func eachFailureIsTypedAndReadsAsBefore(path: String, failure: FetchFailure, line: String) async throws {
        let result = try await self.failure(of: path)
        #expect(result.outcome == .failed)
        #expect(result.failure == failure)
        #expect(result.error == line)
    }

    @Test func aServerThatDoesNotSpeakTLSIsATLSFailure() async throws {
        // https:// to the plain HTTP server: the handshake fails.
        let result = try await failure(of: "/gone", scheme: "https")
        #expect(result.outcome == .failed && result.statusCode == nil)
        guard case .tls(let detail) = result.failure else {
            Issue.record("expected a TLS failure, got \(String(describing: result.failure))")
            return
        }
        // BoringSSL's reason for an HTTP answer to its ClientHello, without its source path.
        #expect(detail == "handshake failed (wrong version number)")
        #expect(result.error == "TLS: handshake failed (wrong version number)")
    }

    @Test func refusedAndNonHTTPAreTypedToo() async throws {
        let refused = try await withFetcher { await $0.fetch(FetchRequest(url: "http://127.0.0.1:1/feed.xml")) }
        #expect(refused.failure == .connection(.refused))
        let ftp = try await withFetcher { await $0.fetch(FetchRequest(url: "ftp://example.org/feed.xml")) }
        #expect(ftp.failure == .notHTTP)
    }

    @Test(arguments: [
        (FetchFailure.timedOut(seconds: 30), "timed out after 30 s"),
        (.connectTimedOut(seconds: 10), "connect timed out after 10 s"),
        (.connectTimedOut(seconds: nil), "connect timed out"),
        (.dns(host: "feeds.example"), "cannot resolve host feeds.example"),
        (.connection(.reset), "connection reset by the server"),
        (.connection(.failed(host: "feeds.example", port: 443)), "cannot connect to feeds.example:443"),
        (.tooLarge(limit: 16 * 1024 * 1024, contentLength: nil, afterDecompression: true), "body exceeds 16 MiB after decompression"),
        (.corruptBody("zlib error -3"), "corrupt gzip/deflate body (zlib error -3)"),
        (.tooManyRedirects(limit: 5), "more than 5 redirects"),
    ])
    func descriptionsAreThePullLogLines(failure: FetchFailure, line: String) {
        #expect(failure.description == line)
    }
}
