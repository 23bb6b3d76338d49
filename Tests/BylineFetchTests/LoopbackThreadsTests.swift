import BylineFetch
import BylineTestSupport
import Foundation
import Hummingbird
import Testing

/// The loopback servers and the pulls against them run on ``LoopbackThreads``: a clean clone's
/// CI run failed when a pull against a loopback server "timed out after 60 s" having received
/// nothing, because other tests held every thread of the cooperative pool.
@Suite struct LoopbackThreadsTests {
    /// While the route waits a second before answering, every thread of the cooperative pool is
    /// held synchronously for up to 20 s (as two tests importing a corpus hold both threads of
    /// a 2-core machine); the pull's limit is 10 s. On the cooperative pool the route could not
    /// resume, and the pull ended "timed out after 10 s".
    @Test func aPullIsAnsweredWhileTheCooperativePoolIsHeld() async throws {
        let recorder = Recorder()
        let feed = Array(#"<rss version="2.0"><channel><title>Held</title><item><title>Still served</title></item></channel></rss>"#.utf8)
        try await LoopbackServer.with({ router in
            router.get("/held.xml") { request, _ in
                await recorder.record(request)
                await loopbackSleep(seconds: 1)
                return respond(.ok, [.contentType: "application/rss+xml"], body: feed)
            }
        }) { server in
            try await withFetcher(.init(totalTimeout: 10)) { fetcher in
                async let pulled = fetcher.fetch(FetchRequest(url: server.url("/held.xml")))
                while await recorder.requests == 0 { await loopbackSleep(seconds: 0.01) }
                let hold = CooperativePoolHold()
                let result = await pulled
                hold.release()
                #expect(result.outcome == .fetched)
                #expect(result.statusCode == 200)
                #expect(String(decoding: result.body, as: UTF8.self) == String(decoding: feed, as: UTF8.self))
                #expect(result.error == nil)
            }
        }
    }
}

/// Holds every thread of Swift's cooperative pool (one per online core) with a task that
/// waits on a semaphore, until ``release()`` or 20 s.
final class CooperativePoolHold: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let count = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    init() {
        for _ in 0..<count {
            Task.detached { [semaphore] in Self.block(semaphore) }
        }
    }

    /// Waits synchronously, holding the calling thread.
    private static func block(_ semaphore: DispatchSemaphore) {
        _ = semaphore.wait(timeout: .now() + 20)
    }

    func release() {
        for _ in 0..<count { semaphore.signal() }
    }
}
