import BylinePipeline
import BylineReport
import Foundation

/// Progress of `byline pull` on standard error: one line rewritten in place on a terminal
/// (feeds done, new items, failures), plain log lines otherwise (every 10 feeds and at the end).
///
/// `@unchecked Sendable`: its one mutable field is guarded by `lock`.
final class PullProgress: @unchecked Sendable {
    private let terminal: Bool
    private let lock = NSLock()
    private var drawn = false

    /// Whether standard error is a terminal (and `TERM` is not `dumb`).
    static var standardErrorIsTerminal: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    init(terminal: Bool) {
        self.terminal = terminal
    }

    /// Shows the state after a feed was recorded.
    func update(done: Int, total: Int, summary: FeedPuller.Summary) {
        let line = "pulled \(done)/\(counted(total, "feed")), \(counted(summary.newItems, "new item")), \(summary.failed.count) failed"
        lock.lock()
        defer { lock.unlock() }
        if terminal {
            StandardStreams.writeError("\r\u{1B}[2K" + line)
            drawn = true
        } else if done == total || done % 10 == 0 {
            StandardStreams.writeError("byline: " + line + "\n")
        }
    }

    /// Writes `line` (with the `byline: ` prefix) above the progress line, which the next
    /// ``update(done:total:summary:)`` draws again.
    func log(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        let clear = drawn ? "\r\u{1B}[2K" : ""
        drawn = false
        StandardStreams.writeError(clear + "byline: " + TerminalText.visible(line) + "\n")
    }

    /// Ends the in-place line, if one was drawn.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { StandardStreams.writeError("\n") }
        drawn = false
    }
}
