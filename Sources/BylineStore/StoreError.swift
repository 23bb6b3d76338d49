/// What can go wrong opening or writing a Byline database.
///
/// Each case carries the database path so that the command line can print one line naming the
/// input, and the underlying SQLite message where there is one.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file exists but is not an SQLite database (SQLITE_NOTADB), or it is an SQLite
    /// database of another application (tables but no Byline migrations). Nothing was written.
    case notADatabase(path: String)
    /// The database was written by a newer Byline (it has migrations this build does not know).
    case newerSchema(path: String)
    /// The database was written by an older Byline and was opened read-only, so it cannot be
    /// brought up to date; one read-write open upgrades it.
    case olderSchema(path: String)
    /// A write was asked of a store opened read-only (``Store/init(path:readOnly:)``).
    case readOnly(path: String)
    /// SQLite could not write because the disk is full (SQLITE_FULL); the message is SQLite's.
    /// The transaction in progress was rolled back, and the same write may succeed once space is
    /// freed, so a long-running command waits and tries again.
    case full(path: String, message: String)
    /// A read or write of the file failed below SQLite (SQLITE_IOERR: a failing disk, a file
    /// over the size limit, `ulimit -f`); the message is SQLite's. The transaction in progress
    /// was rolled back; the same write may succeed once the cause is removed.
    case ioError(path: String, message: String)
    /// The file is an SQLite database whose pages are damaged (SQLITE_CORRUPT: overwritten or
    /// cut short); the message is SQLite's. The transaction in progress was rolled back, and
    /// the same command cannot succeed on this file: a copy must be restored, or what SQLite can
    /// still read copied into a new file (`sqlite3 FILE .recover`, or `.dump`).
    case damaged(path: String, message: String)
    /// SQLite refused to open or write the file (permissions, a lock held too long); the message
    /// is SQLite's. The transaction in progress was rolled back.
    case sqlite(path: String, message: String)
    /// A PostgreSQL store could not be reached or refused a statement (connection refused,
    /// authentication, a missing database, a lost connection); `url` is the store's URL without
    /// its password and the message is the server's or the connection's. The transaction in
    /// progress was rolled back.
    case postgres(url: String, message: String)

    public var description: String {
        switch self {
        case .notADatabase(let path) where path.hasPrefix("postgres://"):
            return "\(path): not a Byline database (it holds another program's tables, or no Byline tables yet); nothing was changed"
        case .notADatabase(let path):
            return "\(path): not a Byline database (the file is not SQLite, or belongs to another program); nothing was changed"
        case .newerSchema(let path):
            return "\(path): written by a newer version of Byline; upgrade Byline to use it"
        case .olderSchema(let path) where path.hasPrefix("postgres://"):
            return "\(path): written by an older version of Byline; upgrade it once with `byline pull`, `run` or `import` (write access needed)"
        case .olderSchema(let path):
            return "\(path): written by an older version of Byline and opened read-only; upgrade it once with `byline analyze` (write access needed)"
        case .readOnly(let path):
            return "\(path): opened read-only; this command needs write access to the database"
        case .damaged(let path, let message):
            return "\(path): \(message): the file is damaged, so nothing more was written to it and running the command again cannot work; "
                + "restore a copy, or copy what SQLite can still read into a new file: `sqlite3 \(path) .recover | sqlite3 recovered.sqlite` "
                + "(`.dump` where that sqlite3's `.recover` fails)"
        case .ioError(let path, let message):
            return "\(path): \(message) (a read or write of the file failed: a failing disk, or the file size limit, `ulimit -f`)"
        case .sqlite(let path, let message), .full(let path, let message), .postgres(let path, let message):
            return "\(path): \(message)"
        }
    }
}
