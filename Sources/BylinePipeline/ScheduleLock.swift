import BylineStore
import Foundation

/// The right to pull the feeds of one SQLite database: `byline run` and `byline pull` hold it
/// while they run, so that a second one on the same file refuses instead of pulling every feed a
/// second time.
///
/// A SQLite file is on one machine, so an advisory lock on a file beside it is enough: a
/// ``BylineStore/FileLock`` (exclusive, not waiting) on `<database>-pull.lock`, which the kernel
/// releases when the process ends however it ends (a crash or `kill -9` leaves no stale lock). The
/// holder writes one line into the file, `pid 1234 (byline run since 2021-09-19T08:00:00Z)`, which
/// the refusal quotes; it empties the file on ``release()``. The file itself is kept (removing a
/// lock file while another process may be opening it would let two hold it). A PostgreSQL store
/// does not need it: its feeds are leased row by row, so several workers share one schedule.
public final class ScheduleLock: Sendable {
    /// The lock file, `<database>-pull.lock`.
    public let path: String
    private let file: FileLock

    private init(file: FileLock) {
        self.path = file.path
        self.file = file
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
        let file: FileLock
        let taken: Bool
        do throws(FileLock.Failure) {
            file = try FileLock(path: path)
            taken = try file.tryLock()
        } catch {
            throw .unreadable(path: path, reason: error.message(keepingOff: "a second pull or run off this database"))
        }
        guard taken else {
            let holder = file.contents()?.trimmingCharacters(in: .whitespacesAndNewlines)
            file.release()
            throw .scheduleHeld(database: database, holder: holder.flatMap { $0.isEmpty ? nil : $0 } ?? "another process")
        }
        file.replaceContents(with: "pid \(getpid()) (\(command) since \(Self.utc(now)))\n")
        return ScheduleLock(file: file)
    }

    /// Empties the lock file and releases the lock (closing the file); later calls do nothing.
    public func release() { file.release(emptying: true) }

    private static func utc(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
