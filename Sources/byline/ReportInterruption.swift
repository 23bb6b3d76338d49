import BylinePipeline
import BylineReport
import Foundation
import Synchronization
import UnixSignals

/// SIGINT and SIGTERM during `byline report`, which writes nothing to the store: the report is
/// stopped at once (``ReportStop``: no file is put in place, its staging folder is removed), one
/// line on standard error says so and that `--out` is left as it was, and the process exits 128
/// + the signal's number (130 for SIGINT, 143 for SIGTERM), as `import` does. A signal that comes
/// while the new files are being put in place waits for that step (a few renames); the report
/// then ends as usual, its folder holding the whole new report, and a line says the signal came
/// too late to stop it.
///
/// The signals are answered on a thread of their own (``DedicatedThreads``), not in Swift's
/// cooperative pool, which the report's work can hold for seconds.
final class ReportInterruption: Sendable {
    private let late = Mutex<UnixSignal?>(nil)

    /// The signal that came once the new files were being put in place, or nil.
    var lateSignal: UnixSignal? { late.withLock { $0 } }

    /// The thread that answers the signals.
    private static let thread = DedicatedThreads(name: "byline-report-signals", limit: 1)

    /// Runs `body` with SIGINT and SIGTERM trapped as described above; `body` writes the report
    /// to `out` with the ``ReportStop`` it is given.
    static func trapping<T>(out: String, _ body: (ReportStop, ReportInterruption) async throws -> T) async throws -> T {
        let stop = ReportStop()
        let interruption = ReportInterruption()
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let watcher = Task(executorPreference: thread) {
            for await signal in signals {
                if stop.stop() {
                    printError("stopped by \(signal): no report written; \(leftLine(out: out))")
                    exit(128 + signal.rawValue)
                }
                interruption.late.withLock { $0 = $0 ?? signal }
            }
        }
        defer { watcher.cancel() }
        do {
            return try await body(stop, interruption)
        } catch ReportError.stopped {
            // The watcher stopped the report and is ending the process with its line.
            while true { try? await Task.sleep(for: .seconds(1)) }
        }
    }

    /// What the line of a stopped report says of `out`: `the previous report in R is left as it
    /// was`, `R is left as it was` (a folder without a report), or `R was not created`.
    static func leftLine(out: String) -> String {
        let folder = URL(fileURLWithPath: out)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            return "\(out) was not created"
        }
        return ReportWriter.holdsReport(folder) ? "the previous report in \(out) is left as it was" : "\(out) is left as it was"
    }
}
