import BylineFetch
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Testing

/// Runs `body` with a fresh fetcher and shuts it down afterwards, also when `body` throws.
/// The default allows 120 s per pull: these loopback tests are not about time, and a loaded CI
/// machine once took over 30 s for four redirect hops.
func withFetcher<T: Sendable>(
    _ settings: FetchSettings = .init(totalTimeout: 120), _ body: (Fetcher) async throws -> T
) async throws -> T {
    var logger = Logger(label: "byline.fetch.test")
    logger.logLevel = .warning
    let fetcher = Fetcher(settings: settings, logger: logger)
    do {
        let result = try await body(fetcher)
        try await fetcher.shutdown()
        return result
    } catch {
        try? await fetcher.shutdown()
        throw error
    }
}

/// The response a route sends: `status`, `headers` and `body`.
func respond(_ status: HTTPResponse.Status, _ headers: HTTPFields = [:], body: [UInt8] = []) -> Response {
    Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
}

@Suite struct FetcherTests {
    static let etag = #"W/"rev-7""#
    static let lastModified = "Sun, 19 Sep 2021 08:30:00 GMT"

    @Test func fetchesBodyAndValidatorsExactly() async throws {
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/feed.xml") { request, _ in
                await recorder.record(request)
                return respond(
                    .ok,
                    [.eTag: Self.etag, .lastModified: Self.lastModified, .contentType: "application/rss+xml; charset=utf-8"],
                    body: Array(Fixtures.rss.utf8))
            }
        }) { server in
            let before = Date()
            let result = try await withFetcher { await $0.fetch(FetchRequest(url: server.url("/feed.xml"))) }
            let after = Date()
            #expect(result.outcome == .fetched)
            #expect(result.error == nil)
            #expect(result.statusCode == 200)
            #expect(result.body == Array(Fixtures.rss.utf8))
            #expect(result.bytes == 486)
            #expect(result.etag == #"W/"rev-7""#)
            #expect(result.lastModified == "Sun, 19 Sep 2021 08:30:00 GMT")
            #expect(result.contentType == "application/rss+xml; charset=utf-8")
            #expect(result.finalURL == server.url("/feed.xml"))
            // The fetch's own clock lies inside the test's: started after `before`, done by `after`.
            #expect(result.startedAt >= before && result.startedAt <= after)
            #expect(result.elapsed >= 0 && result.elapsed <= after.timeIntervalSince(before))
            let headers = await recorder.headers
            #expect(headers["user-agent"] == "Byline/0.1.0 (+https://github.com/byline-news/byline)")
            #expect(headers["accept-encoding"] == "gzip, deflate")
            #expect(headers["if-none-match"] == nil)
            #expect(headers["if-modified-since"] == nil)
        }
    }

    @Test func sendsValidatorsAndGetsNotModified() async throws {
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/feed.xml") { request, _ in
                await recorder.record(request)
                if request.headers[.ifNoneMatch] == Self.etag, request.headers[.ifModifiedSince] == Self.lastModified {
                    return respond(.notModified, [.eTag: Self.etag])
                }
                return respond(.ok, [.eTag: Self.etag, .lastModified: Self.lastModified], body: Array(Fixtures.rss.utf8))
            }
        }) { server in
            let (first, second) = try await withFetcher { fetcher in
                let first = await fetcher.fetch(FetchRequest(url: server.url("/feed.xml")))
                let second = await fetcher.fetch(
                    FetchRequest(url: server.url("/feed.xml"), etag: first.etag, lastModified: first.lastModified))
                return (first, second)
            }
            #expect(first.outcome == .fetched)
            #expect(second.outcome == .notModified)
            #expect(second.statusCode == 304)
            #expect(second.body.isEmpty)
            #expect(second.bytes == 0)
            #expect(second.error == nil)
            #expect(second.etag == #"W/"rev-7""#)
            #expect(second.lastModified == nil)
            let headers = await recorder.headers
            #expect(headers["if-none-match"] == #"W/"rev-7""#)
            #expect(headers["if-modified-since"] == "Sun, 19 Sep 2021 08:30:00 GMT")
            #expect(await recorder.requests == 2)
        }
    }

    /// A 304 to a request that sent no validator says nothing about the feed: a failure; with
    /// either validator it is "not modified".
    @Test(arguments: [(nil, nil, nil), ("\"v1\"", nil, "\"v1\""), (nil, "Sun, 19 Sep 2021 08:30:00 GMT", nil)] as [(String?, String?, String?)])
    func a304IsNotModifiedOnlyToAConditionalRequest(etag: String?, lastModified: String?, sent: String?) async throws {
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/feed.xml") { request, _ in
                await recorder.record(request)
                return respond(.notModified)
            }
        }) { server in
            let result = try await withFetcher { await $0.fetch(FetchRequest(url: server.url("/feed.xml"), etag: etag, lastModified: lastModified)) }
            #expect(result.statusCode == 304)
            #expect(await recorder.headers["if-none-match"] == sent)
            if etag == nil && lastModified == nil {
                #expect(result.outcome == .failed)
                #expect(result.failure == .notModifiedWithoutValidators)
                #expect(result.error == "304 Not Modified to a request without validators")
            } else {
                #expect(result.outcome == .notModified)
                #expect(result.error == nil)
            }
        }
    }

    @Test(arguments: [(500, "HTTP 500"), (404, "HTTP 404"), (410, "HTTP 410"), (503, "HTTP 503")])
    func errorStatusFails(status: Int, message: String) async throws {
        try await LoopbackServer.with({ router in
            router.get("/feed.xml") { _, _ in
                respond(HTTPResponse.Status(code: status), body: Array("<h1>Nope</h1>".utf8))
            }
        }) { server in
            let result = try await withFetcher { await $0.fetch(FetchRequest(url: server.url("/feed.xml"))) }
            #expect(result.outcome == .failed)
            #expect(result.statusCode == status)
            #expect(result.error == message)
            #expect(result.body.isEmpty)
        }
    }

    @Test func followsRedirects() async throws {
        try await LoopbackServer.with({ router in
            router.get("/old") { _, _ in respond(.movedPermanently, [.location: "/moved"]) }
            router.get("/moved") { _, _ in respond(.temporaryRedirect, [.location: "/feed.xml"]) }
            router.get("/feed.xml") { _, _ in respond(.ok, body: Array(Fixtures.rss.utf8)) }
        }) { server in
            let result = try await withFetcher { await $0.fetch(FetchRequest(url: server.url("/old"))) }
            #expect(result.outcome == .fetched)
            #expect(result.statusCode == 200)
            #expect(result.finalURL == server.url("/feed.xml"))
            #expect(result.body == Array(Fixtures.rss.utf8))
            #expect(result.redirects == [
                FetchResult.Redirect(statusCode: 301, from: server.url("/old"), to: server.url("/moved")),
                FetchResult.Redirect(statusCode: 307, from: server.url("/moved"), to: server.url("/feed.xml")),
            ])
            #expect(result.permanentMove == server.url("/moved"))
        }
    }

    @Test(arguments: [(302, false), (307, false), (303, false), (301, true), (308, true)])
    func eachRedirectHopIsReported(status: Int, permanent: Bool) async throws {
        try await LoopbackServer.with({ router in
            router.get("/a") { _, _ in respond(HTTPResponse.Status(code: status), [.location: "/b"]) }
            router.get("/b") { _, _ in respond(.ok, [.cacheControl: "public, max-age=600"], body: Array(Fixtures.rss.utf8)) }
        }) { server in
            let result = try await withFetcher { await $0.fetch(FetchRequest(url: server.url("/a"))) }
            #expect(result.outcome == .fetched)
            #expect(result.redirects.map(\.statusCode) == [status])
            #expect(result.redirects.first?.isPermanent == permanent)
            #expect(result.permanentMove == (permanent ? server.url("/b") : nil))
            #expect(result.maxAge == 600)
        }
    }

    @Test func redirectLoopFails() async throws {
        try await LoopbackServer.with({ router in
            router.get("/a") { _, _ in respond(.found, [.location: "/b"]) }
            router.get("/b") { _, _ in respond(.found, [.location: "/a"]) }
        }) { server in
            let result = try await withFetcher { await $0.fetch(FetchRequest(url: server.url("/a"))) }
            #expect(result.outcome == .failed)
            #expect(result.error == "redirect loop")
        }
    }

    /// A redirect status with no Location header, or an empty one, says so (it read `HTTP 302`,
    /// as if the feed had answered with an error); the status is kept.
    @Test(arguments: [(302, nil), (301, ""), (307, "  "), (308, nil), (303, nil)] as [(Int, String?)])
    func aRedirectWithoutLocationSaysSo(status: Int, location: String?) async throws {
        try await LoopbackServer.with({ router in
            router.get("/a") { _, _ in
                respond(HTTPResponse.Status(code: status), location.map { [.location: $0] } ?? [:], body: Array("<p>Moved</p>".utf8))
            }
        }) { server in
            let result = try await withFetcher { await $0.fetch(FetchRequest(url: server.url("/a"))) }
            #expect(result.outcome == .failed)
            #expect(result.statusCode == status)
            #expect(result.failure == .redirectWithoutLocation(status: status))
            #expect(result.error == "HTTP \(status) redirect without a Location header")
            #expect(result.redirects.isEmpty)
            #expect(result.body.isEmpty)
        }
    }

    @Test func tooManyRedirectsFail() async throws {
        try await LoopbackServer.with({ router in
            router.get("/hop/{n}") { _, context in
                let n = try context.parameters.require("n", as: Int.self)
                return respond(.found, [.location: "/hop/\(n + 1)"])
            }
        }) { server in
            let result = try await withFetcher(FetchSettings(totalTimeout: 120, maxRedirects: 3)) {
                await $0.fetch(FetchRequest(url: server.url("/hop/0")))
            }
            #expect(result.outcome == .failed)
            #expect(result.error == "more than 3 redirects")
        }
    }

    @Test(arguments: [
        (false, "body exceeds 1 KiB (Content-Length 4096)"),
        (true, "body exceeds 1 KiB"),
    ])
    func bodyOverLimitFails(chunked: Bool, message: String) async throws {
        try await LoopbackServer.with({ router in
            router.get("/big") { _, _ in
                let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 512)
                let body: ResponseBody =
                    chunked
                    ? ResponseBody { writer in
                        for _ in 0..<8 { try await writer.write(chunk) }
                        try await writer.finish(nil)
                    }
                    : ResponseBody(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: 4096))
                return Response(status: .ok, body: body)
            }
        }) { server in
            let result = try await withFetcher(FetchSettings(totalTimeout: 120, maxBodyBytes: 1024)) {
                await $0.fetch(FetchRequest(url: server.url("/big")))
            }
            #expect(result.outcome == .failed)
            #expect(result.statusCode == 200)
            #expect(result.error == message)
            #expect(result.body.isEmpty)
        }
    }

    @Test(arguments: ["gzip", "deflate"])
    func compressedBodyIsDecoded(encoding: String) async throws {
        try await LoopbackServer.with({ router in
            router.get("/feed.xml") { _, _ in
                respond(
                    .ok, [.contentEncoding: encoding, .contentType: "application/rss+xml"],
                    body: encoding == "gzip" ? Fixtures.rssGzip : Fixtures.rssDeflate)
            }
        }) { server in
            let result = try await withFetcher { await $0.fetch(FetchRequest(url: server.url("/feed.xml"))) }
            #expect(result.outcome == .fetched)
            #expect(result.error == nil)
            #expect(String(decoding: result.body, as: UTF8.self) == Fixtures.rss)
            #expect(result.bytes == 486)
        }
    }

    @Test func compressionBombFails() async throws {
        try await LoopbackServer.with({ router in
            router.get("/bomb") { _, _ in respond(.ok, [.contentEncoding: "gzip"], body: Fixtures.zerosGzip) }
        }) { server in
            let result = try await withFetcher(FetchSettings(totalTimeout: 120, maxBodyBytes: 64 * 1024)) {
                await $0.fetch(FetchRequest(url: server.url("/bomb")))
            }
            #expect(Fixtures.zerosGzip.count == 1051)
            #expect(result.outcome == .failed)
            #expect(result.error == "body exceeds 64 KiB after decompression")
            #expect(result.body.isEmpty)
        }
    }

    @Test func serverThatNeverAnswersTimesOut() async throws {
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/stuck") { _, _ in
                // Held until the test releases it, after the fetch has returned (an hour at most,
                // against a fetcher that never gives up): only the fetcher's own clock can end it.
                await recorder.waitForRelease(upTo: 3600)
                return respond(.ok, body: Array(Fixtures.rss.utf8))
            }
        }) { server in
            let result = try await withFetcher(FetchSettings(totalTimeout: 1)) {
                await $0.fetch(FetchRequest(url: server.url("/stuck")))
            }
            await recorder.release()
            #expect(result.outcome == .failed)
            #expect(result.error == "timed out after 1 s")
            #expect(result.statusCode == nil)
            // Gave up on its own clock: the server answers only once released, after this
            // returned, so no upper bound on the time is needed (one failed at a load of 8).
            #expect(result.elapsed >= 0.9, "elapsed \(result.elapsed) s")
        }
    }

    @Test func bodyThatStallsTimesOut() async throws {
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/trickle") { _, _ in
                Response(
                    status: .ok,
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(string: "<rss>"))
                        // Held until the test releases it, after the fetch has returned.
                        await recorder.waitForRelease(upTo: 3600)
                        try await writer.finish(nil)
                    })
            }
        }) { server in
            let result = try await withFetcher(FetchSettings(totalTimeout: 1)) {
                await $0.fetch(FetchRequest(url: server.url("/trickle")))
            }
            await recorder.release()
            #expect(result.outcome == .failed)
            #expect(result.error == "timed out after 1 s")
            // Gave up on its own clock: the server answers only once released, after this
            // returned, so no upper bound on the time is needed (one failed at a load of 8).
            #expect(result.elapsed >= 0.9, "elapsed \(result.elapsed) s")
        }
    }

    @Test func perHostLimitHoldsAndResultsKeepOrder() async throws {
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/item/{n}") { _, context in
                await recorder.enter()
                await loopbackSleep(seconds: 0.1)
                await recorder.leave()
                return respond(.ok, body: Array(try context.parameters.require("n").utf8))
            }
        }) { server in
            let requests = (0..<8).map { FetchRequest(url: server.url("/item/\($0)")) }
            let seen = Recorder()
            let results = try await withFetcher(FetchSettings(totalTimeout: 120, maxConcurrent: 16, perHostLimit: 2)) { fetcher in
                await fetcher.fetchAll(requests) { index, _ in await seen.note(index) }
            }
            #expect(results.map { String(decoding: $0.body, as: UTF8.self) } == (0..<8).map(String.init))
            #expect(results.allSatisfy { $0.outcome == .fetched })
            #expect(await seen.notedIndices.sorted() == Array(0..<8))
            #expect(await recorder.maxInFlight == 2)
        }
    }

    @Test func refusedConnectionFails() async throws {
        // Port 1 (tcpmux) is privileged and not served on a test machine: the connect is refused.
        let result = try await withFetcher { await $0.fetch(FetchRequest(url: "http://127.0.0.1:1/feed.xml")) }
        #expect(result.outcome == .failed)
        #expect(result.statusCode == nil)
        #expect(result.error == "connection refused")
    }

    @Test func invalidURLFailsWithoutRequest() async throws {
        let result = try await withFetcher { await $0.fetch(FetchRequest(url: "ftp://example.org/feed.xml")) }
        #expect(result.outcome == .failed)
        #expect(result.error == "not an http(s) URL")
        #expect(result.finalURL == "ftp://example.org/feed.xml")
    }
}

@Suite struct RetryAfterTests {
    @Test func retryAfterIsReadAsSeconds() async throws {
        try await LoopbackServer.with({ router in
            router.get("/busy") { _, _ in respond(.tooManyRequests, [.retryAfter: "120"]) }
        }) { server in
            let result = try await withFetcher { await $0.fetch(FetchRequest(url: server.url("/busy"))) }
            #expect(result.outcome == .failed)
            #expect(result.error == "HTTP 429")
            #expect(result.retryAfter == 120)
        }
    }
}
