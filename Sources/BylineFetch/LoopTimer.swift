import NIOCore
import Synchronization

/// A wait on an event loop's timer that gives the timer back when the waiting task is cancelled.
///
/// `Fetcher` races every pull against a wait of the total timeout and cancels the wait when the
/// pull ends first, which is nearly always. A cancelled `Task.sleep` keeps its task and timer
/// until its deadline would have passed (swiftlang/swift#60441), so at a high pull rate the
/// process held (pulls a second × timeout) of them; here cancelling the wait takes its task off
/// the loop's queue at once.
enum LoopTimer {
    /// Returns after `seconds` (a negative or zero time returns at the loop's next turn), or as
    /// soon as the calling task is cancelled, whichever comes first.
    ///
    /// - Returns: True when the time ran out, false when the task was cancelled first.
    @discardableResult
    static func wait(seconds: Double, on loop: any EventLoop) async -> Bool {
        let wait = Wait()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                wait.start(continuation, seconds: seconds, on: loop)
            }
        } onCancel: {
            wait.finish(timedOut: false)
        }
    }

    /// One wait's state, shared by the waiting task, the loop's timer and the cancellation handler.
    private final class Wait: Sendable {
        private enum Phase {
            case idle
            case waiting(CheckedContinuation<Bool, Never>, Scheduled<Void>?)
            case finished
        }

        private let phase = Mutex(Phase.idle)

        /// Schedules the timer and keeps the continuation; resumes it at once when the task was
        /// cancelled before the wait began.
        func start(_ continuation: CheckedContinuation<Bool, Never>, seconds: Double, on loop: any EventLoop) {
            let cancelledBefore = phase.withLock { phase -> Bool in
                guard case .idle = phase else { return true }
                phase = .waiting(continuation, nil)
                return false
            }
            if cancelledBefore {
                continuation.resume(returning: false)
                return
            }
            let nanoseconds = seconds.isFinite ? Int64(max(0, min(seconds, 1e9)) * 1e9) : Int64.max / 2
            let scheduled = loop.scheduleTask(in: .nanoseconds(nanoseconds)) { self.finish(timedOut: true) }
            let cancelAgain = phase.withLock { phase -> Bool in
                guard case .waiting(let continuation, .none) = phase else { return true }
                phase = .waiting(continuation, scheduled)
                return false
            }
            // Finished between the two locks (cancelled, or a zero time already run): the timer
            // is not kept (cancelling one that ran is a no-op).
            if cancelAgain { scheduled.cancel() }
        }

        /// Resumes the waiting task once, and takes the timer off the loop when it has not run.
        func finish(timedOut: Bool) {
            let ended = phase.withLock { phase -> (CheckedContinuation<Bool, Never>, Scheduled<Void>?)? in
                switch phase {
                case .idle:
                    phase = .finished
                    return nil
                case .waiting(let continuation, let scheduled):
                    phase = .finished
                    return (continuation, scheduled)
                case .finished:
                    return nil
                }
            }
            guard let (continuation, scheduled) = ended else { return }
            if !timedOut { scheduled?.cancel() }
            continuation.resume(returning: timedOut)
        }
    }
}
