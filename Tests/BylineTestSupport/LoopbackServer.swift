public import Hummingbird
import Foundation
import Logging
import NIOCore

/// A real Hummingbird HTTP server on 127.0.0.1 and an ephemeral port, for the length of a test.
///
/// No traffic leaves the machine: tests point Byline's fetcher at ``url(_:)``.
public struct LoopbackServer: Sendable {
    /// The port the server listens on.
    public let port: Int

    /// `http://127.0.0.1:<port>` followed by `path` (which starts with `/`).
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Starts a server with the routes `build` adds, runs `body` against it, and stops it.
    ///
    /// Both run on ``LoopbackThreads/shared``, not on the cooperative pool that other tests may
    /// be holding, so a route or a pull is not kept waiting past its time limit.
    ///
    /// - Throws: `LoopbackServer.Failure` when the server does not start, or what `body` throws.
    public static func with<T: Sendable>(
        _ build: (Router<BasicRequestContext>) -> Void,
        _ body: @Sendable (LoopbackServer) async throws -> T
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
        // The server and `body` run on threads of their own, so that tests holding the
        // cooperative pool's threads cannot keep a route or a pull waiting past its time limit.
        return try await withTaskExecutorPreference(LoopbackThreads.shared) {
            try await withThrowingTaskGroup(of: T?.self) { group in
                defer { group.cancelAll() }
                group.addTask {
                    try await app.run()
                    return nil
                }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next(), port > 0 else { throw Failure.didNotStart }
                return try await body(LoopbackServer(port: port))
            }
        }
    }

    /// Why a server could not be used.
    public enum Failure: Error {
        /// The server did not report a listening port.
        case didNotStart
    }
}
