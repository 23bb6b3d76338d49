import BylinePipeline
import NIOCore
import NIOPosix

/// Threads of their own for loopback servers and the tests that talk to them, outside Swift's
/// cooperative pool.
///
/// The cooperative pool has one thread per core (two on the CI machine), and a test that works
/// or waits synchronously holds one of them until it ends: two tests importing a corpus leave
/// none, and a loopback server's route or a pull waiting on one could see nothing happen for
/// longer than its time limit (a clean clone's CI run: a pull "timed out after 60 s" with 0
/// bytes). ``LoopbackServer/with(_:_:)`` runs the server and its body here; use
/// ``loopbackSleep(seconds:)`` where a delay sits on a timed path.
public enum LoopbackThreads {
    /// The executor the loopback servers and their tests share.
    public static let shared = DedicatedThreads(name: "byline-loopback", limit: 256)
}

/// Waits `seconds` on a SwiftNIO timer, resuming on the task's preferred executor (with
/// ``LoopbackThreads``, off the cooperative pool). `Task.sleep` resumes through the cooperative
/// pool, which a busy test suite can hold for a minute. Not cancellable: keep it short.
public func loopbackSleep(seconds: Double) async {
    let loop = MultiThreadedEventLoopGroup.singleton.next()
    let timer = loop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {}
    try? await timer.futureResult.get()
}
