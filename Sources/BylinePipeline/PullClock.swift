public import Foundation

/// The time source of the pull scheduler: what time it is, and waiting until a time.
///
/// `byline run` uses ``SystemPullClock``; tests and replays use ``AcceleratedPullClock`` so that
/// hours of schedule pass in seconds. Every time the scheduler stores (pull times, due times)
/// comes from here, never from `Date()` directly.
public protocol PullClock: Sendable {
    /// The current time, UTC.
    func now() -> Date

    /// Returns at `date` or later.
    ///
    /// - Throws: `CancellationError` when the task is cancelled first.
    func sleep(until date: Date) async throws
}
