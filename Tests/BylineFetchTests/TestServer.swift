import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import Testing

/// A real Hummingbird HTTP server on 127.0.0.1 and an ephemeral port, for the length of a test.
struct TestServer: Sendable {
    /// The port the server listens on.
    let port: Int

    /// `http://127.0.0.1:<port>` followed by `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Starts a server with the routes `build` adds, runs `body` against it, and stops it.
    static func with<T: Sendable>(
        _ build: (Router<BasicRequestContext>) -> Void,
        _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        let router = Router()
        build(router)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "byline.test-server")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            defer { group.cancelAll() }
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next(), "the test server did not start")
            try #require(port > 0, "the test server reported no port")
            return try await body(TestServer(port: port))
        }
    }
}

/// Records what the server saw, for assertions after the pull.
actor Recorder {
    private(set) var headers: [String: String] = [:]
    private(set) var inFlight = 0
    private(set) var maxInFlight = 0
    private(set) var requests = 0
    private(set) var released = false

    func record(_ request: Request) {
        requests += 1
        for field in request.headers {
            headers[field.name.canonicalName] = field.value
        }
    }

    func enter() {
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
    }

    func leave() { inFlight -= 1 }

    private(set) var notedIndices: [Int] = []

    func note(_ index: Int) { notedIndices.append(index) }

    func release() { released = true }

    /// Polls every 20 ms until ``release()`` is called or `seconds` pass.
    func waitForRelease(upTo seconds: Double) async {
        let end = ContinuousClock.now + .seconds(seconds)
        while !released, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
