public import Foundation

/// A clock that starts at a chosen time and runs `speed` times faster than the wall clock.
///
/// Virtual time is `origin + (wall seconds since creation) × speed`. With `speed` 3600 an hour of
/// schedule passes in a second, so a replay of a two-day archive takes under a minute; a sleep
/// until a virtual time sleeps the matching wall time.
public struct AcceleratedPullClock: PullClock {
    /// The virtual time at creation, UTC.
    public let origin: Date
    /// Virtual seconds per wall second.
    public let speed: Double
    private let start: ContinuousClock.Instant

    /// Creates a clock reading `origin` now and running `speed` times faster than the wall clock.
    ///
    /// - Parameters:
    ///   - origin: The virtual time now, UTC.
    ///   - speed: Virtual seconds per wall second, positive.
    public init(origin: Date, speed: Double) {
        self.origin = origin
        self.speed = max(speed, 1e-9)
        self.start = ContinuousClock.now
    }

    /// The current virtual time.
    public func now() -> Date {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return origin.addingTimeInterval(seconds * speed)
    }

    /// Sleeps until the virtual time `date`.
    ///
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func sleep(until date: Date) async throws {
        let virtual = date.timeIntervalSince(now())
        if virtual > 0 { try await Task.sleep(for: .seconds(virtual / speed)) }
    }
}
