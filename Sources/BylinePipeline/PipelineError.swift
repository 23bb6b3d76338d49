/// Why a pipeline command as a whole could not do its job.
///
/// Per-feed problems (one broken file, one failed pull) are not errors: they are recorded as
/// failed pulls and counted in the command's summary.
public enum PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The archive folder does not exist or is not a folder.
    case missingInput(path: String)
    /// The archive path is a file, not a folder.
    case notAFolder(path: String)
    /// The database file does not exist (a read-only command does not create one).
    case noDatabase(path: String)
    /// The database file does not exist, nor does its folder, `folder` (absolute).
    case noDatabaseFolder(path: String, folder: String)
    /// The database file is empty: no database yet (a read-only command does not make one).
    case emptyDatabase(path: String)
    /// The archive folder has no `<outlet>/<YYYYMMDDTHHMMSSZ>.xml` files: `skipped` holds the
    /// paths that are not snapshots, with their reasons, and `hint` what to give instead when
    /// the folder looks like one outlet's folder (give its parent) or the folder above an
    /// archive (give the archive), else that files directly inside are not read, or nil.
    case emptyArchive(path: String, skipped: [ArchiveImporter.PathReason] = [], hint: String? = nil)
    /// No story has this id.
    case unknownStory(id: Int64)
    /// No stored item has this guid or row id.
    case unknownItem(String)
    /// A folder or file could not be read.
    case unreadable(path: String, reason: String)
    /// The database holds no pulled feed that is not retired (an imported archive has none), so
    /// there is nothing to export.
    case noFeeds(path: String)
    /// The config lists a feed under `listed`, but the database holds that URL as a feed of
    /// another outlet, `stored` (an earlier config listed it there): its items are stored under
    /// `stored`, so pulling it for `listed` would record pulls under one outlet and items under
    /// the other.
    case feedOfAnotherOutlet(url: String, stored: String, listed: String)
    /// Another process (`holder`: its pid, command and start time, as its lock file says)
    /// pulls the feeds of the SQLite database at `database` (``ScheduleLock``): a second `run`
    /// or `pull` on one SQLite file would pull every feed twice.
    case scheduleHeld(database: String, holder: String)

    public var description: String {
        switch self {
        case .missingInput(let path): return "\(path): no such folder"
        case .notAFolder(let path): return "\(path): not a folder (import reads DIR/<outlet>/<YYYYMMDDTHHMMSSZ>.xml)"
        case .noDatabase(let path): return "\(path): no such database; create it with `byline import DIR` or `byline pull` (or name another with --db)"
        case .noDatabaseFolder(let path, let folder): return "\(path): no such database: no such folder \(folder)"
        case .emptyDatabase(let path): return "\(path): an empty file, no database yet; `byline import DIR` or `byline pull` makes one in it (or name another with --db)"
        case .emptyArchive(let path, let skipped, let hint):
            return "\(path): no snapshots found (expected <outlet>/<YYYYMMDDTHHMMSSZ>.xml)" + (hint.map { "; \($0)" } ?? "")
                + (skipped.isEmpty ? "" : "; \(skipped.count) \(skipped.count == 1 ? "path" : "paths") skipped (not snapshots)")
        case .unknownItem(let key): return "item \(key): no stored item has this guid or id"
        case .unknownStory(let id): return "story \(id): no such story (see `byline stories`)"
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .feedOfAnotherOutlet(let url, let stored, let listed):
            return "feed '\(url)' is listed under outlet '\(listed)', but the database holds it as a feed of outlet '\(stored)' "
                + "(an earlier config listed it there); a feed belongs to one outlet: list it under '\(stored)' again"
        case .scheduleHeld(let database, let holder):
            return "\(database): another Byline process pulls this database's feeds: \(holder); a second pull or run on one SQLite file "
                + "would pull every feed twice, so nothing was pulled (stop that one first, or share the schedule on PostgreSQL: --db postgres://...)"
        case .noFeeds(let path): return "\(path): no pulled feeds stored (an imported archive has no feed URLs; pull with --config first); nothing written"
        }
    }
}
