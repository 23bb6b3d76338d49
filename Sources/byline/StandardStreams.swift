import Foundation

/// Standard output and standard error that a closed reader cannot break.
///
/// A `byline pull ... 2>&1 | head -1` closes the pipe after one line. Foundation's
/// `FileHandle.write(_:)` traps on the `EPIPE` that follows (the process died of SIGILL with
/// pulls unrecorded), and the default SIGPIPE disposition kills the process at the next write.
/// So SIGPIPE is ignored for the whole process (``ignoreBrokenPipes()``, first thing in `main`),
/// a write to a closed pipe fails with `EPIPE` instead, and every line to standard error goes
/// through ``writeError(_:)``, which drops what cannot be written. `print` (standard output)
/// and swift-log's stream handler write through C stdio, which returns the error and goes on.
/// The command does its whole job and exits with the status it would have had: output that
/// could not be written is lost, never stored work.
enum StandardStreams {
    /// Sets SIGPIPE to be ignored, so that writing to a closed pipe or socket returns `EPIPE`.
    static func ignoreBrokenPipes() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `text` to standard error (file descriptor 2) with `write(2)`: all of it, again
    /// after an interruption by a signal (`EINTR`), and nothing more after any other error
    /// (`EPIPE` when the reader is gone, `EBADF` when the descriptor is closed), which is ignored.
    static func writeError(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(STDERR_FILENO, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
