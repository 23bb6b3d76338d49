import BylineStore
import Foundation

/// The right to pull the feeds of one SQLite database: `byline run` and `byline pull` hold it
/// while they run, so that a second one on the same file refuses instead of pulling every feed a
/// second time.
///
/// A SQLite file is on one machine, so an advisory lock on a file beside it is enough: `flock`
/// (exclusive, not waiting) on `<database>-pull.lock`, which the kernel releases when the process
/// ends however it ends (a crash or `kill -9` leaves no stale lock). The holder writes one line
/// into the file, `pid 1234 (byline run since 2021-09-19T08:00:00Z)`, which the refusal quotes;
/// it empties the file on ``release()``. The file itself is kept (removing a lock file while
/// another process may be opening it would let two hold it). A PostgreSQL store does not need
/// it: its feeds are leased row by row, so several workers share one schedule.
///
/// `@unchecked Sendable`: its one mutable field is guarded by `lock`.
public final class ScheduleLock: @unchecked Sendable {
    /// The lock file, `<database>-pull.lock`.
    public let path: String
    private let lock = NSLock()
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// The lock file of the SQLite database at `database`: `<database>-pull.lock`.
    public static func path(forDatabase database: String) -> String { database + "-pull.lock" }

    /// Takes the lock of the SQLite database at `database` for this process, without waiting.
    ///
    /// - Parameters:
    ///   - database: The database path as given (`--db`); the lock file is made beside it.
    ///   - command: What holds it, for the refusal another process prints (`byline run`).
    ///   - now: The start time written into the lock file (UTC).
    /// - Returns: The held lock; keep it until the pulls are recorded, then ``release()``.
    /// - Throws: ``PipelineError/scheduleHeld(database:holder:)`` when another process holds it
    ///   (the holder as its line says, `another process` if it has not written one yet);
    ///   ``PipelineError/unreadable(path:reason:)`` when the lock file cannot be created or locked
    ///   (with the database's path and ``BylineStore/Store/unwritable(database:)``'s reason
    ///   when the database's folder does not exist or this process may not write it or the
    ///   database file).
    public static func acquire(database: String, command: String, now: Date = Date()) throws(PipelineError) -> ScheduleLock {
        let path = Self.path(forDatabase: database)
        // A database in a folder that does not exist, or that this process may not write (or a
        // file it may not write): that is what is wrong, as opening the database would say, not
        // the lock file; and nothing is pulled before it is said.
        if let reason = Store.unwritable(database: database) { throw .unreadable(path: database, reason: reason) }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .unreadable(path: path, reason: "cannot create the lock file that keeps a second pull or run off this database (\(String(cString: strerror(errno))))")
        }
        var result: Int32
        repeat { result = flock(descriptor, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
        guard result == 0 else {
            let failure = errno
            let holder = failure == EWOULDBLOCK ? Self.holder(descriptor) : nil
            close(descriptor)
            guard failure == EWOULDBLOCK else {
                throw .unreadable(path: path, reason: "cannot be locked (\(String(cString: strerror(failure))))")
            }
            throw .scheduleHeld(database: database, holder: holder ?? "another process")
        }
        let line = "pid \(getpid()) (\(command) since \(Self.utc(now)))\n"
        _ = ftruncate(descriptor, 0)
        _ = Array(line.utf8).withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return ScheduleLock(path: path, descriptor: descriptor)
    }

    /// Empties the lock file and releases the lock (closing the file); later calls do nothing.
    public func release() {
        lock.withLock {
            guard descriptor >= 0 else { return }
            _ = ftruncate(descriptor, 0)
            close(descriptor)
            descriptor = -1
        }
    }

    /// The holder's line from the lock file, without its newline; nil when it is empty.
    private static func holder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    private static func utc(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
