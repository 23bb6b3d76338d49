import ArgumentParser
import Foundation
import Synchronization
import UnixSignals

/// SIGINT and SIGTERM for the writers that run no service group (`import`, `analyze`): the first
/// signal asks the work to stop at its next safe point (after the snapshot being recorded, after
/// the model's batch in progress, which is saved), as `run` does on its first signal; a second
/// one stops the process at once (every snapshot recorded and every batch of vectors saved
/// before it is kept: each is one transaction).
final class Interruption: Sendable {
    private let received = Mutex<UnixSignal?>(nil)

    /// The first signal received, or nil.
    var signal: UnixSignal? { received.withLock { $0 } }

    /// Whether a signal asked the work to stop.
    var requested: Bool { signal != nil }

    /// The exit status of a command stopped by the signal: 128 + its number (130 for SIGINT,
    /// 143 for SIGTERM), as a shell reports a process the signal ended.
    var exitCode: ExitCode { ExitCode(128 + (signal?.rawValue ?? 0)) }

    /// Runs `body` with SIGINT and SIGTERM trapped as described above.
    static func trapping<T>(_ body: (Interruption) async throws -> T) async throws -> T {
        let interruption = Interruption()
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let watcher = Task {
            var count = 0
            for await signal in signals {
                count += 1
                if count == 1 {
                    interruption.received.withLock { $0 = signal }
                    printError("\(signal): stopping after the snapshot or the batch of vectors in progress (a few seconds), keeping what is done; a second signal stops at once")
                } else {
                    printError("\(signal) again: stopped at once; every snapshot recorded and every batch of vectors saved before it is kept")
                    exit(128 + signal.rawValue)
                }
            }
        }
        defer { watcher.cancel() }
        return try await body(interruption)
    }
}
