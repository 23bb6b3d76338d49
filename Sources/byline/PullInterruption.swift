import Foundation
import Synchronization
import UnixSignals

/// SIGINT and SIGTERM during `byline pull`, handled as `run` handles them: the first signal
/// starts no other pull and lets the pulls in flight finish and be recorded (each within the
/// pull timeout); the stories are then brought up to date with what was stored. Each signal is
/// answered at once with one line saying what the pull waits for. A second signal while pulls
/// are in flight abandons them (``onAbandon(_:)``: nothing of them is recorded, each recorded pull
/// being one transaction). A signal during the analysis (the first one to come then) stops it
/// at its next safe point (``analysisShouldStop``: after the model's batch in progress, which is
/// saved); one more ends the process at once (every pull recorded and every batch of vectors
/// saved before it is kept).
final class PullInterruption: Sendable {
    /// What the pull is doing, for the line that answers a signal.
    enum Phase: Sendable {
        /// Pulling feeds (or getting ready to).
        case pulling
        /// Bringing the stories up to date (the pulls are recorded).
        case analysing
    }

    private struct State: Sendable {
        var signal: UnixSignal?
        var count = 0
        var phase = Phase.pulling
        var started = 0
        var recorded = 0
        var abandoning = false
        var stopAnalysis = false
        var abandon: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())
    private let timeout: Int
    private let say: @Sendable (String) -> Void
    private let watcher = Mutex<Task<Void, Never>?>(nil)

    private init(timeout: Int, say: @escaping @Sendable (String) -> Void) {
        self.timeout = timeout
        self.say = say
    }

    /// Traps SIGINT and SIGTERM until ``stopWatching()``.
    ///
    /// - Parameters:
    ///   - timeout: The longest a pull may take, in seconds (`--timeout`), for the line that
    ///     answers the first signal.
    ///   - say: Writes one line (without `byline: `) to standard error.
    static func trapping(timeout: Int, say: @escaping @Sendable (String) -> Void) async -> PullInterruption {
        let interruption = PullInterruption(timeout: timeout, say: say)
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let task = Task { [interruption] in
            for await signal in signals { interruption.received(signal) }
        }
        interruption.watcher.withLock { $0 = task }
        return interruption
    }

    /// Stops watching for signals.
    func stopWatching() {
        watcher.withLock { $0?.cancel() }
    }

    /// The first signal received, or nil.
    var signal: UnixSignal? { state.withLock { $0.signal } }

    /// Whether a signal asked the pull to stop.
    var requested: Bool { signal != nil }

    /// Whether a signal came during the analysis: it stops at its next safe point.
    var analysisShouldStop: Bool { state.withLock { $0.stopAnalysis } }

    /// Pulls recorded so far (``recorded()``).
    var pullsRecorded: Int { state.withLock { $0.recorded } }

    /// Whether a second signal abandoned the pulls in flight.
    var abandoned: Bool { state.withLock { $0.abandoning } }

    /// Whether a pull may start now (no signal yet); counts it as in flight when it may.
    func mayStart() -> Bool {
        state.withLock { state in
            guard state.signal == nil else { return false }
            state.started += 1
            return true
        }
    }

    /// A pull started by ``mayStart()`` was recorded.
    func recorded() {
        state.withLock { $0.recorded += 1 }
    }

    /// What a second signal calls while pulls are in flight (cancelling them).
    func onAbandon(_ abandon: @escaping @Sendable () -> Void) {
        state.withLock { $0.abandon = abandon }
    }

    /// The pulls are over: the next signal stops the analysis at its next safe point.
    func analysing() {
        state.withLock { $0.phase = .analysing }
    }

    private enum Answer: Sendable {
        case stopping(Phase, inFlight: Int)
        case abandon((@Sendable () -> Void)?)
        case exit
    }

    private func received(_ signal: UnixSignal) {
        let answer: Answer = state.withLock { state in
            state.count += 1
            if state.signal == nil { state.signal = signal }
            switch state.phase {
            case .pulling where state.count == 1:
                return .stopping(.pulling, inFlight: state.started - state.recorded)
            case .pulling where state.count == 2:
                state.abandoning = true
                return .abandon(state.abandon)
            case .analysing where !state.stopAnalysis && !state.abandoning:
                state.stopAnalysis = true
                return .stopping(.analysing, inFlight: 0)
            default:
                return .exit
            }
        }
        switch answer {
        case .stopping(let phase, let inFlight):
            say(Self.stoppingLine(phase: phase, pullsInFlight: inFlight, timeout: timeout))
        case .abandon(let abandon):
            say("second signal: abandoning the pulls in flight (nothing half-written is kept)")
            abandon?()
        case .exit:
            say("\(signal) again: stopped at once; every pull recorded and every batch of vectors saved before it is kept")
            Foundation.exit(128 + signal.rawValue)
        }
    }

    /// The line that answers the first signal at once: what `pull` waits for before it stops
    /// (the pulls in flight, each ending within `timeout` seconds; the stories to bring up to
    /// date) and what a second signal does.
    static func stoppingLine(phase: Phase, pullsInFlight pulls: Int, timeout: Int) -> String {
        switch phase {
        case .pulling where pulls > 0:
            return "stopping: no other pull starts; waiting for \(counted(pulls, "pull")) in flight (at most \(timeout) s), "
                + "then bringing the stories up to date; a second signal (Ctrl-C again) abandons the pulls in flight, keeping every finished pull"
        case .pulling:
            return "stopping: no pull in flight and no other pull starts; bringing the stories up to date first; "
                + "a second signal (Ctrl-C again) stops at once, keeping every finished pull"
        case .analysing:
            return "stopping: bringing the stories up to date first (the model's current batch); "
                + "a second signal (Ctrl-C again) stops at once, keeping every finished pull"
        }
    }
}
