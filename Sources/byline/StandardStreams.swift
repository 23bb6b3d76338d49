import Foundation
import Synchronization

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
/// could not be written to a reader that is gone is lost, never stored work.
///
/// Standard output is written by ``writeOutput(_:)`` (the module's `print`), which keeps the
/// first error of a write. A reader that is gone (`EPIPE`) stays quiet as above; any other
/// failure (a full disk `ENOSPC`, a file over `ulimit -f` `EFBIG`, `EIO`) means the output a
/// command was asked for is cut short, so ``outputFailure()`` names it and the command exits 1.
enum StandardStreams {
    /// Sets SIGPIPE to be ignored, so that writing to a closed pipe or socket returns `EPIPE`,
    /// and SIGXFSZ, so that a write past the file size limit (`ulimit -f`) returns `EFBIG` and
    /// is reported rather than killing the process mid-write.
    static func ignoreBrokenPipes() {
        _ = signal(SIGPIPE, SIG_IGN)
        _ = signal(SIGXFSZ, SIG_IGN)
    }

    /// Opens `/dev/null` on each of standard input, output and error that the process was
    /// started without (`byline stories >&-`), so that no file the command opens later (an
    /// event loop's descriptor, a report's file, a lock) takes descriptor 0, 1 or 2 and
    /// receives what is printed (POSIX gives the lowest free descriptor; an `epoll` descriptor
    /// on 1 made every write fail with `EINVAL` and the command exit 1).
    static func reopenClosedDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            let opened = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if opened >= 0, opened != descriptor {
                _ = dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// The first `errno` of a failed write to standard output, 0 while none failed.
    static let outputError = Atomic<Int32>(0)

    /// Writes `text` to standard output (file descriptor 1) with `write(2)`: all of it, again
    /// after `EINTR`; on any other error the rest is dropped and the first error kept in
    /// ``outputError``.
    static func writeOutput(_ text: String) {
        let code = writeAll(text, to: STDOUT_FILENO)
        if code != 0 { _ = outputError.compareExchange(expected: 0, desired: code, ordering: .relaxed) }
    }

    /// The error line for standard output that could not be written but for a reader that is
    /// gone (`EPIPE`, quiet by design), or nil. C stdio's streams (what libraries print) are
    /// flushed first, and a failure of that flush counts too.
    static func outputFailure() -> String? {
        if fflush(nil) != 0 && errno != EPIPE {
            _ = outputError.compareExchange(expected: 0, desired: errno, ordering: .relaxed)
        }
        let code = outputError.load(ordering: .relaxed)
        guard code != 0, code != EPIPE else { return nil }
        return "cannot write standard output: \(String(cString: strerror(code))); what was asked for is incomplete"
    }

    /// Writes `text` to standard error (file descriptor 2) with `write(2)`: all of it, again
    /// after an interruption by a signal (`EINTR`), and nothing more after any other error
    /// (`EPIPE` when the reader is gone, `EBADF` when the descriptor is closed), which is ignored.
    static func writeError(_ text: String) {
        _ = writeAll(text, to: STDERR_FILENO)
    }

    /// Writes `text` to `descriptor` with `write(2)`, again after `EINTR`; stops at any other
    /// error. Returns 0 when all of it was written, else the `errno` (`ENOSPC` for a write that
    /// wrote nothing without an error).
    static func writeAll(_ text: String, to descriptor: Int32) -> Int32 {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return written < 0 ? errno : ENOSPC
                }
            }
            return 0
        }
    }
}
