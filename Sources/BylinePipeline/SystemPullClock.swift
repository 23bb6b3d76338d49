public import Foundation

/// The wall clock: `Date()` and `Task.sleep`.
public struct SystemPullClock: PullClock {
    /// Creates the wall clock.
    public init() {}

    /// The current time, UTC.
    public func now() -> Date { Date() }

    /// Sleeps until `date` (at once when it has passed).
    ///
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func sleep(until date: Date) async throws {
        let seconds = date.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .seconds(seconds)) }
    }
}
