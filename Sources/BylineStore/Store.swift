public import Foundation
import GRDB
import BylineFeed

/// Byline's SQLite database: outlets, feeds, the pull log, items and their versions, and the
/// story assignment derived from them.
///
/// One file (WAL mode); schema changes are GRDB migrations applied on open. Every pull is
/// recorded in one transaction, so a failure or a kill part-way leaves the database as it was
/// before that pull. Nothing is ever deleted by a pull: an item that leaves its feed keeps its
/// rows, with `last_seen` telling when it was last there.
///
/// `Store` is `Sendable`; GRDB's `DatabasePool` serialises writes and lets reads run beside them.
public final class Store: Sendable {
    /// The database file path as given.
    public let path: String
    let pool: DatabasePool
    /// A read-only store's one read transaction, begun when it was opened (nil read-write): every
    /// read goes through it, so the reads of one command agree with each other while another
    /// process writes.
    let snapshot: DatabaseSnapshot?

    /// Whether this store was opened read-only (``init(path:readOnly:)``): every write throws
    /// ``StoreError/readOnly(path:)``, and callers that would only cache derived data (story
    /// assignments) skip saving it.
    public let isReadOnly: Bool

    /// Opens the database at `path`; read-write (creating it if needed, and bringing its schema
    /// up to date) unless `readOnly`.
    ///
    /// Nothing is written to a file before it is known to be a Byline database (or empty) of a
    /// schema this build knows, with no damaged page: a file that is not SQLite, another
    /// program's SQLite database, one a newer Byline wrote or a damaged one is refused untouched
    /// (byte for byte, its journal mode not switched to WAL, no `-wal` or `-shm` made beside it).
    ///
    /// A read-only open (`SQLITE_OPEN_READONLY`) neither creates the file nor migrates it: it is
    /// for a database file the user may not write (a shared archive, `chmod 444`), or one in a
    /// folder the user may not write (SQLite keeps its `-wal` and `-shm` files beside the
    /// database). Its schema must be this build's. It creates no file either: unless a writer's
    /// WAL index (`-shm`) is there to share, the file is read as immutable (SQLite's
    /// `immutable=1`: no WAL index, no locks), so a writer that starts meanwhile is not seen.
    /// Every read of a read-only store sees the database as it was when it was opened (one read
    /// transaction, GRDB's `DatabaseSnapshot`, held until the store is released): what another
    /// process commits meanwhile is not seen, so a reading command's reads agree with each other.
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - readOnly: open without write access; false by default.
    /// - Throws: ``StoreError/notADatabase(path:)`` when the file is not SQLite or is another
    ///   program's SQLite database, ``StoreError/newerSchema(path:)`` when a newer Byline wrote
    ///   it, ``StoreError/damaged(path:message:)`` when (read-write) its pages are damaged
    ///   (nothing is written to the file, and no file made beside it, in these three cases:
    ///   ``refuseBeforeWriting(_:)``),
    ///   ``StoreError/olderSchema(path:)`` when opened read-only and an older Byline wrote it
    ///   (it needs one read-write open to be upgraded), ``StoreError/sqlite(path:message:)``
    ///   when the path is a folder or SQLite cannot open it, and (read-write) before SQLite is
    ///   asked when the folder is missing or this process may not write the folder or the file
    ///   (``unwritable(database:)``'s reason).
    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        self.isReadOnly = readOnly
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw .sqlite(path: path, message: "a folder, not a database file")
        }
        if let kind = Self.specialFileKind(path) {
            throw .sqlite(path: path, message: "\(kind), not a database file; nothing was written")
        }
        if !readOnly {
            // A folder or file this process may not write is named as such, before SQLite makes
            // an error of it (or, for a read-only file, opens it read-only until the first write).
            if let reason = Self.unwritable(database: path) { throw .sqlite(path: path, message: reason) }
            try Self.refuseBeforeWriting(path)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.readonly = readOnly
        if !readOnly {
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        pool = try Self.open(readOnly ? Self.readOnlyLocation(path) : path, path: path, configuration: configuration, readOnly: readOnly)
        do {
            snapshot = readOnly ? try pool.makeSnapshot() : nil
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// Refuses, before anything is written, an existing file that a read-write open must not
    /// touch, read through a read-only connection that writes nothing and creates no file:
    ///
    /// - a non-empty file that is not SQLite, or another program's SQLite database (tables but
    ///   no `grdb_migrations`): ``StoreError/notADatabase(path:)``;
    /// - a Byline database with migrations this build does not know:
    ///   ``StoreError/newerSchema(path:)``;
    /// - a database whose schema pages are damaged (reading the schema meets the fault):
    ///   ``StoreError/damaged(path:message:)`` with SQLite's words for SQLITE_CORRUPT, `database
    ///   disk image is malformed`, as a reading command that meets the damage says. Damage
    ///   elsewhere is found where a command reads it: checking every page (`PRAGMA
    ///   quick_check`: 16 ms for the 9 MB store of headlines-2021-09, file cached) would read
    ///   the whole file at every open, some seconds for a year's store of 3.3 GB, as long as
    ///   `pull` takes to bring its stories up to date.
    ///
    /// Opening the file read-write writes to it before the schema can be read (GRDB makes sure
    /// a WAL file exists by creating and dropping a table; SQLite switches a rollback-journal
    /// file to WAL), so these checks come first. A WAL file is read as ``readOnlyLocation(_:)``
    /// says (`immutable=1` unless a writer's WAL index is there), a rollback-journal file
    /// read-only as it is. A missing or empty file is not checked (it is created).
    ///
    /// - Throws: the ``StoreError`` above, or what ``storeError(_:path:)`` makes of SQLite's
    ///   error when the file cannot be read.
    public static func refuseBeforeWriting(_ path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }  // missing: created
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        if header.isEmpty { return }
        guard header.count == 100, header.starts(with: Array("SQLite format 3\u{0}".utf8)) else {
            throw .notADatabase(path: path)
        }
        let isWAL = header[18] == 2 && header[19] == 2
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let location = isWAL ? readOnlyLocation(path) : path
        do {
            try DatabaseQueue(path: location, configuration: configuration).read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                if !tables.isEmpty && !tables.contains("grdb_migrations") { throw StoreError.notADatabase(path: path) }
                if tables.isEmpty { return }
                if try Schema.migrator.hasBeenSuperseded(db) { throw StoreError.newerSchema(path: path) }
            }
        } catch {
            let refusal = storeError(error, path: path)
            // An `immutable=1` read takes no lock: a writer that opened the file meanwhile (its
            // WAL index is there now) may have been checkpointing into it. Read again beside it.
            if case .damaged = refusal, location != path, readOnlyLocation(path) == path {
                return try refuseBeforeWriting(path)
            }
            throw refusal
        }
    }

    /// Where a read-only open points SQLite: the path itself when a WAL index (`-shm`) is there
    /// to share, or a non-empty `-wal` must be read (a writer that stopped without a checkpoint;
    /// SQLite then makes the index); else an `immutable=1` URI, which creates no file (a `-shm`
    /// made by this user would have the database's mode and owner, and could lock its owner out).
    static func readOnlyLocation(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
        if FileManager.default.fileExists(atPath: path + "-shm") || wal > 0 {
            return path
        }
        return url.absoluteString + "?immutable=1"
    }

    /// How long an open retries while another process holds a new or older file it creates or
    /// migrates (SQLITE_BUSY), in seconds.
    static let busyOpenSeconds = 30.0

    /// Opens the pool at `location` and checks or migrates its schema (``migrate(_:path:readOnly:)``).
    /// When another process holds the file while it creates or migrates it, SQLite can answer
    /// SQLITE_BUSY at once rather than wait (where waiting could deadlock, as when a read must
    /// become a write): the open is tried again after a pause (0.05 s, doubling to 1 s) for up to
    /// ``busyOpenSeconds``.
    private static func open(_ location: String, path: String, configuration: Configuration,
                             readOnly: Bool) throws(StoreError) -> DatabasePool {
        let start = Date()
        var pause = 0.05
        while true {
            do {
                let pool = try DatabasePool(path: location, configuration: configuration)
                try migrate(pool, path: path, readOnly: readOnly)
                return pool
            } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode.primaryResultCode)
                        && Date().timeIntervalSince(start) < busyOpenSeconds {
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 1)
            } catch {
                throw storeError(error, path: path)
            }
        }
    }

    /// Checks that the file is a Byline database of a schema this build reads, then (read-write
    /// only) applies the migrations it lacks; safe while another process opens the same file. Throws
    /// SQLite's errors as they are (``open(_:path:configuration:readOnly:)`` maps them).
    private static func migrate(_ pool: DatabasePool, path: String, readOnly isReadOnly: Bool) throws {
        let migrator = Schema.migrator
        do {
            try pool.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                if !tables.isEmpty && !tables.contains("grdb_migrations") {
                    throw StoreError.notADatabase(path: path)
                }
                if isReadOnly && tables.isEmpty {
                    throw StoreError.notADatabase(path: path)
                }
            }
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError.newerSchema(path: path)
            }
            if isReadOnly {
                if try !pool.read({ try migrator.hasCompletedMigrations($0) }) {
                    throw StoreError.olderSchema(path: path)
                }
            } else {
                // Another process migrating the same file at the same moment makes a migration
                // throw `AppliedMeanwhile` (see `Schema`), having changed nothing; the migrator
                // then reads the applied list again. Each such retry follows another process's
                // progress, so there are at most as many as there are migrations.
                var retries = 0
                while true {
                    do {
                        try migrator.migrate(pool)
                        break
                    } catch is Schema.AppliedMeanwhile where retries < migrator.migrations.count {
                        retries += 1
                    }
                }
            }
        }
    }

    /// What `path` is when it exists (through symbolic links) but is neither a regular file nor
    /// a folder, `a character device` (`/dev/null`), `a block device`, `a named pipe` or `a
    /// socket`, which SQLite cannot keep a database in (its writes fail as I/O errors); else nil.
    public static func specialFileKind(_ path: String) -> String? {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let type = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType else { return nil }
        switch type {
        case .typeCharacterSpecial: return "a character device"
        case .typeBlockSpecial: return "a block device"
        case .typeSocket: return "a socket"
        default:
            // Foundation has no type of its own for a FIFO on every platform.
            var info = stat()
            guard stat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFIFO else { return nil }
            return "a named pipe"
        }
    }

    /// Why a SQLite database cannot be created at `path` because of its folder,
    /// `no such folder <folder> (create it first; Byline creates the database, not its folder)`,
    /// when that folder (absolute) does not exist, or `<folder> is a file, not a folder` when a
    /// file (or anything else but a folder) has its name; else nil.
    public static func missingFolder(ofDatabase path: String) -> String? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            return "no such folder \(folder) (create it first; Byline creates the database, not its folder)"
        }
        return isFolder.boolValue ? nil : "\(folder) is a file, not a folder"
    }

    /// Why this process cannot write a SQLite database at `path`, found before SQLite is asked
    /// (which would say `unable to open database file` or `attempt to write a readonly
    /// database`, naming neither the folder nor the file's mode); nil when nothing is in the way:
    ///
    /// - the folder does not exist or is not a folder (``missingFolder(ofDatabase:)``);
    /// - this process may not create files in the folder (its mode, a read-only file system):
    ///   `cannot write in the folder <folder> (SQLite keeps its -wal and -shm files beside the
    ///   database)`, or for a database still to be made `cannot write in the folder <folder>, so
    ///   the database cannot be created there`;
    /// - the file exists and this process may not write it: `cannot write the database file
    ///   (its mode lets this user only read it; the reading commands still read it)`.
    ///
    /// The folder is the one SQLite writes in: the folder of the file a symbolic link leads to.
    /// Root passes every check of a mode (as it passes SQLite's own), not one of a read-only
    /// file system.
    public static func unwritable(database path: String) -> String? {
        if let missing = missingFolder(ofDatabase: path) { return missing }
        let exists = FileManager.default.fileExists(atPath: path)
        let file = exists ? URL(fileURLWithPath: path).resolvingSymlinksInPath() : URL(fileURLWithPath: path)
        let folder = file.deletingLastPathComponent().path
        if access(folder, W_OK | X_OK) != 0 {
            return exists
                ? "cannot write in the folder \(folder) (SQLite keeps its -wal and -shm files beside the database)"
                : "cannot write in the folder \(folder), so the database cannot be created there"
        }
        if exists, access(file.path, W_OK) != 0 {
            return "cannot write the database file (its mode lets this user only read it; the reading commands still read it)"
        }
        return nil
    }

    static func storeError(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_NOTADB { return .notADatabase(path: path) }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if error.resultCode == .SQLITE_CANTOPEN, let missing = missingFolder(ofDatabase: path) {
                return .sqlite(path: path, message: missing)
            }
            if [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode),
               FileManager.default.fileExists(atPath: folder), !FileManager.default.isWritableFile(atPath: folder) {
                return .sqlite(path: path, message: "cannot write in the folder \(folder) (SQLite keeps its -wal and -shm files beside the database)")
            }
            if error.resultCode == .SQLITE_FULL {
                return .full(path: path, message: error.message ?? "\(error.resultCode)")
            }
            if error.resultCode == .SQLITE_IOERR {
                return .ioError(path: path, message: error.message ?? "\(error.resultCode)")
            }
            if error.resultCode == .SQLITE_CORRUPT {
                return .damaged(path: path, message: error.message ?? "\(error.resultCode)")
            }
            return .sqlite(path: path, message: error.message ?? "\(error.resultCode)")
        }
        return .sqlite(path: path, message: "\(error)")
    }

    /// Runs `body` in a write transaction, mapping errors to ``StoreError``.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        if isReadOnly { throw StoreError.readOnly(path: path) }
        do { return try pool.write(body) } catch { throw Self.storeError(error, path: path) }
    }

    /// Runs `body` in a read transaction (a read-only store's one ``snapshot``), mapping errors
    /// to ``StoreError``.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try snapshot?.read(body) ?? pool.read(body) } catch { throw Self.storeError(error, path: path) }
    }

    // MARK: Outlets and feeds

    /// Inserts the outlet, or updates its name, homepage, country and language (non-nil ones),
    /// its aliases (replaced by the given list) and its organisation (replaced, nil too).
    ///
    /// - Throws: ``StoreError`` when the write fails.
    public func upsertOutlet(_ outlet: OutletInfo) throws(StoreError) {
        let aliases = OutletInfo.aliasesText(outlet.aliases)
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO outlet(id, name, homepage, country, language, aliases, organisation) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name,
                      homepage = COALESCE(excluded.homepage, homepage),
                      country = COALESCE(excluded.country, country),
                      language = COALESCE(excluded.language, language),
                      aliases = excluded.aliases,
                      organisation = excluded.organisation
                    """,
                arguments: [outlet.id, outlet.name, outlet.homepage, outlet.country, outlet.language, aliases, outlet.organisation])
        }
    }

    /// Inserts the outlet unless its id is already stored (an import does not overwrite the
    /// names that a pull's config gave).
    ///
    /// - Throws: ``StoreError`` when the write fails.
    public func upsertOutletIfMissing(_ outlet: OutletInfo) throws(StoreError) {
        let aliases = OutletInfo.aliasesText(outlet.aliases)
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO outlet(id, name, homepage, country, language, aliases, organisation) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO NOTHING
                    """,
                arguments: [outlet.id, outlet.name, outlet.homepage, outlet.country, outlet.language, aliases, outlet.organisation])
        }
    }

    /// All outlets, sorted by id.
    public func outlets() throws(StoreError) -> [OutletInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outlet ORDER BY id").map {
                OutletInfo(id: $0["id"], name: $0["name"], homepage: $0["homepage"], country: $0["country"], language: $0["language"],
                           aliases: OutletInfo.aliases(fromText: $0["aliases"]), organisation: $0["organisation"])
            }
        }
    }

    /// The stored feed with this URL, created for `outletID` if it is new.
    ///
    /// The outlet must exist (``upsertOutlet(_:)``). A URL already stored under another outlet
    /// keeps its outlet.
    /// - Throws: ``StoreError`` when the write fails.
    public func feed(outletID: String, url: String) throws(StoreError) -> FeedState {
        try write { db in
            try db.execute(sql: "INSERT INTO feed(outlet_id, url) VALUES (?, ?) ON CONFLICT(url) DO NOTHING",
                           arguments: [outletID, url])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM feed WHERE url = ?", arguments: [url])!
            return Self.feedState(row)
        }
    }

    /// All stored feeds, by outlet then URL.
    public func feeds() throws(StoreError) -> [FeedState] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM feed ORDER BY outlet_id, url").map(Self.feedState)
        }
    }

    static func feedState(_ row: Row) -> FeedState {
        FeedState(
            id: row["id"], outletID: row["outlet_id"], url: row["url"], etag: row["etag"],
            lastModified: row["last_modified"],
            lastStatus: (row["last_status"] as String?).flatMap(PullStatus.init(rawValue:)),
            lastStatusCode: row["last_status_code"], lastPullAt: row["last_pull_at"],
            lastSuccessAt: row["last_success_at"], failures: row["failures"])
    }

    /// The times of every recorded pull of the feed, for skipping archive files already imported.
    public func pullTimes(feedID: Int64) throws(StoreError) -> Set<Date> {
        try read { db in
            Set(try Date.fetchAll(db, sql: "SELECT at FROM pull WHERE feed_id = ?", arguments: [feedID]))
        }
    }

    // MARK: Pulls

    /// Records one pull and, for a successful one, its items and new versions, in one
    /// transaction.
    ///
    /// Of entries of the document that share a key, one is stored (``PullInput/keyedItems``:
    /// the latest publisher time, then the most text) and the pull's `error` says how many were
    /// not. For each item (keyed by outlet + ``BylineFeed/FeedItem/key``): a new item gets `first_seen = at`
    /// and `prev_pull` = the feed's last successful (ok or 304) pull before `at` that was not cut
    /// off (``PullInput/cutOff``); a known item
    /// gets `last_seen` moved forward, and a new version when its (title, summary, content)
    /// differs from that of this feed's version in effect at `at` (the latest seen before it), a
    /// return to an earlier text included (A, B, A is three versions), or when the text is the
    /// same but the publisher time moved (a version with the same text and the new time). An
    /// unchanged re-fetch adds nothing. A snapshot older than the feed's next version with the
    /// same text (an archive imported out of order) moves that version earlier instead.
    ///
    /// Versions are kept per feed (`item_version.feed_id`): an outlet carries one item in
    /// several feeds (a section feed and its top stories), often with another title or
    /// description in each, and what one feed says is compared only with what the same feed said
    /// before. The first text a second feed gives is stored as that feed's first version and is
    /// no edit (`newVersions` does not count it); a later change in that feed is. The item's
    /// versions (``StoredItem/versions``, what edits, embeddings and facts read) and its title,
    /// summary and content are those of the feed that first carried it (`item.feed_id`: the
    /// feed of the earliest pull that had it); the other feeds' versions are kept beside them.
    /// A pull at
    /// a time already recorded for the feed is ignored (it returns the existing pull's id with
    /// zero counts), so re-running an import adds nothing twice. The feed's validators and status
    /// are updated: validators only from a 200; `failures` reset on success and incremented on
    /// failure.
    ///
    /// - Returns: the counts of what changed.
    /// - Throws: ``StoreError`` when SQLite fails; the transaction is rolled back, so the
    ///   database is as it was before the call.
    @discardableResult
    public func record(_ pull: PullInput) throws(StoreError) -> PullSummary {
        try write { db in try Self.record(pull, in: db) }
    }

    static func record(_ pull: PullInput, in db: Database) throws -> PullSummary {
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM pull WHERE feed_id = ? AND at = ?",
                                             arguments: [pull.feedID, pull.at]) {
            return PullSummary(pullID: existing, items: 0, newItems: 0, newVersions: 0, alreadyStored: true)
        }
        guard let outletID = try String.fetchOne(db, sql: "SELECT outlet_id FROM feed WHERE id = ?", arguments: [pull.feedID]) else {
            throw StoreError.sqlite(path: db.description, message: "no feed with id \(pull.feedID)")
        }
        let (items, repeated, error) = pull.keyedItems
        try db.execute(
            sql: """
                INSERT INTO pull(feed_id, at, status, http_status, bytes, items, error, source, elapsed, cut_off)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [pull.feedID, pull.at, pull.status.rawValue, pull.httpStatus, pull.bytes,
                        pull.items.count, error, pull.source, pull.elapsed, pull.cutOff ? 1 : 0])
        let pullID = db.lastInsertedRowID
        let previousPull = try Date.fetchOne(
            db, sql: "SELECT MAX(at) FROM pull WHERE feed_id = ? AND at < ? AND status IN ('ok', 'not_modified') AND cut_off = 0",
            arguments: [pull.feedID, pull.at])

        var newItems = 0
        var newVersions = 0
        let findItem = try db.cachedStatement(sql: "SELECT id, first_seen, feed_id FROM item WHERE outlet_id = ? AND guid = ?")
        let insertItem = try db.cachedStatement(sql: """
            INSERT INTO item(outlet_id, feed_id, guid, link, title, summary, content, authors, categories,
                             published, updated, first_seen, last_seen, prev_pull, first_pull_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertVersion = try db.cachedStatement(sql: """
            INSERT INTO item_version(item_id, feed_id, hash, seen_at, prev_pull, pull_id, title, summary, content, published,
                                     published_text, published_day_offset)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // The feed's version in effect at the pull (the latest seen before it), and the first one
        // seen after it (there is one when an older snapshot is imported after newer ones).
        let versionBefore = try db.cachedStatement(sql: """
            SELECT id, hash, published FROM item_version WHERE item_id = ? AND feed_id = ? AND seen_at < ?
            ORDER BY seen_at DESC, id DESC LIMIT 1
            """)
        let versionAfter = try db.cachedStatement(sql: """
            SELECT id, hash FROM item_version WHERE item_id = ? AND feed_id = ? AND seen_at > ?
            ORDER BY seen_at, id LIMIT 1
            """)
        let moveVersion = try db.cachedStatement(sql: """
            UPDATE item_version SET seen_at = ?, prev_pull = ?, pull_id = ? WHERE id = ?
            """)
        let feedHadVersion = try db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM item_version WHERE item_id = ? AND feed_id = ? AND id <> ?)
            """)
        let touchItem = try db.cachedStatement(sql: """
            UPDATE item SET last_seen = MAX(last_seen, ?) WHERE id = ?
            """)
        for item in items {
            let hash = item.versionHash
            if let row = try Row.fetchOne(findItem, arguments: [outletID, item.key]) {
                let itemID: Int64 = row["id"]
                let firstSeen: Date = row["first_seen"]
                try touchItem.execute(arguments: [pull.at, itemID])
                if pull.at < firstSeen {
                    // An older snapshot imported after newer ones: the item was there earlier.
                    try db.execute(sql: "UPDATE item SET first_seen = ?, prev_pull = ?, first_pull_id = ?, feed_id = ? WHERE id = ?",
                                   arguments: [pull.at, previousPull, pullID, pull.feedID, itemID])
                }
                let before = try Row.fetchOne(versionBefore, arguments: [itemID, pull.feedID, pull.at])
                let beforeHash = before?["hash"] as String?
                if let beforeHash, beforeHash == hash || beforeHash.hasPrefix(hash + "@") {
                    // The text in effect: unchanged, unless the publisher moved its date. Then a
                    // version of its own (hash + "@" + the new date), so that the move is
                    // evidence, not lost.
                    if let published = item.published, let beforePublished = before?["published"] as Date?, beforePublished != published {
                        try insertVersion.execute(arguments: [itemID, pull.feedID, hash + "@" + String(Int64(published.timeIntervalSince1970)),
                                                              pull.at, previousPull, pullID, item.title ?? "", item.summary ?? "",
                                                              item.content, published, nil, item.publishedDayOffset])
                        newVersions += 1
                        try refreshLatestText(itemID: itemID, in: db)
                    }
                } else if let after = try Row.fetchOne(versionAfter, arguments: [itemID, pull.feedID, pull.at]),
                          after["hash"] as String? == hash {
                    // The text a later pull first saw was there already at this one: that
                    // version was seen earlier (no new version).
                    try moveVersion.execute(arguments: [pull.at, previousPull, pullID, after["id"] as Int64])
                    try refreshLatestText(itemID: itemID, in: db)
                } else {
                    // Another text than the one in effect (a revert to an earlier text included):
                    // a new version. An edit only when this feed gave the item a text before: the
                    // first text of a second feed is that feed's first version.
                    try insertVersion.execute(arguments: [itemID, pull.feedID, hash, pull.at, previousPull, pullID,
                                                          item.title ?? "", item.summary ?? "", item.content, item.published,
                                                          item.publishedText, item.publishedDayOffset])
                    let versionID = db.lastInsertedRowID
                    if try Bool.fetchOne(feedHadVersion, arguments: [itemID, pull.feedID, versionID]) == true { newVersions += 1 }
                    try refreshLatestText(itemID: itemID, in: db)
                }
            } else {
                try insertItem.execute(arguments: [
                    outletID, pull.feedID, item.key, item.link, item.title ?? "", item.summary ?? "", item.content,
                    item.authors.joined(separator: "\n"), item.categories.joined(separator: "\n"),
                    item.published, item.updated, pull.at, pull.at, previousPull, pullID,
                ])
                let itemID = db.lastInsertedRowID
                try insertVersion.execute(arguments: [itemID, pull.feedID, hash, pull.at, previousPull, pullID,
                                                      item.title ?? "", item.summary ?? "", item.content, item.published,
                                                      item.publishedText, item.publishedDayOffset])
                newItems += 1
            }
        }
        try db.execute(sql: "UPDATE pull SET new_items = ?, new_versions = ? WHERE id = ?",
                       arguments: [newItems, newVersions, pullID])
        switch pull.status {
        case .ok:
            try db.execute(sql: """
                UPDATE feed SET last_status = 'ok', last_status_code = ?, last_pull_at = ?, last_success_at = ?,
                  failures = 0, etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified)
                WHERE id = ? AND (last_pull_at IS NULL OR last_pull_at <= ?)
                """, arguments: [pull.httpStatus, pull.at, pull.at, pull.etag, pull.lastModified, pull.feedID, pull.at])
        case .notModified:
            try db.execute(sql: """
                UPDATE feed SET last_status = 'not_modified', last_status_code = ?, last_pull_at = ?,
                  last_success_at = ?, failures = 0
                WHERE id = ? AND (last_pull_at IS NULL OR last_pull_at <= ?)
                """, arguments: [pull.httpStatus, pull.at, pull.at, pull.feedID, pull.at])
        case .failed:
            try db.execute(sql: """
                UPDATE feed SET last_status = 'failed', last_status_code = ?, last_pull_at = ?, failures = failures + 1
                WHERE id = ? AND (last_pull_at IS NULL OR last_pull_at <= ?)
                """, arguments: [pull.httpStatus, pull.at, pull.feedID, pull.at])
        }
        return PullSummary(pullID: pullID, items: pull.items.count, newItems: newItems, newVersions: newVersions, repeatedKeys: repeated)
    }

    /// Makes the item row carry the texts of the most recently first-seen version of the feed that
    /// first carried it (`item.feed_id`).
    static func refreshLatestText(itemID: Int64, in db: Database) throws {
        try db.execute(sql: """
            UPDATE item SET (title, summary, content) = (
              SELECT v.title, v.summary, v.content FROM item_version v
              WHERE v.item_id = ?1 AND v.feed_id = item.feed_id ORDER BY v.seen_at DESC, v.id DESC LIMIT 1)
            WHERE id = ?1
            """, arguments: [itemID])
    }

    // MARK: Reading

    /// Every stored item with its versions (oldest first; those of the feed that first carried
    /// it, see ``record(_:)``), ordered by first_seen then id.
    public func items() throws(StoreError) -> [StoredItem] {
        try read { db in try Self.items(db, where: nil, arguments: StatementArguments()) }
    }

    /// The items whose id matches `condition` (`IN (?, ?)`; nil: every item) with their
    /// versions, ordered by first_seen then id.
    static func items(_ db: Database, where condition: String?, arguments: StatementArguments) throws -> [StoredItem] {
        var versions: [Int64: [StoredVersion]] = [:]
        let versionRows = try Row.fetchCursor(db, sql: """
            SELECT v.id, v.item_id, v.seen_at, v.prev_pull, v.title, v.summary, v.content, v.published, v.published_text,
                   v.published_day_offset
            FROM item_version v JOIN item i ON i.id = v.item_id AND i.feed_id = v.feed_id
            \(condition.map { "WHERE v.item_id \($0) " } ?? "")ORDER BY v.item_id, v.seen_at, v.id
            """, arguments: arguments)
        while let row = try versionRows.next() {
            versions[row["item_id"], default: []].append(StoredVersion(
                id: row["id"], seenAt: row["seen_at"], previousPull: row["prev_pull"],
                title: row["title"] ?? "", summary: row["summary"] ?? "", content: row["content"],
                published: row["published"], publishedText: row["published_text"], publishedDayOffset: row["published_day_offset"]))
        }
        return try Row.fetchAll(db, sql: """
            SELECT id, outlet_id, feed_id, guid, link, title, summary, content, published,
                   first_seen, last_seen, prev_pull
            FROM item \(condition.map { "WHERE id \($0) " } ?? "")ORDER BY first_seen, id
            """, arguments: arguments).map { row in
            let id: Int64 = row["id"]
            return StoredItem(
                id: id, outletID: row["outlet_id"], feedID: row["feed_id"], guid: row["guid"],
                link: row["link"], title: row["title"] ?? "", summary: row["summary"] ?? "",
                content: row["content"], published: row["published"], firstSeen: row["first_seen"],
                lastSeen: row["last_seen"], previousPull: row["prev_pull"], versions: versions[id] ?? [])
        }
    }

    /// Items and pull counts per outlet that has any feed, sorted by outlet id.
    public func outletStats() throws(StoreError) -> [OutletPullStats] {
        try read { db in
            // Pulls are counted feed by feed (`CROSS JOIN` keeps that order): left to itself,
            // SQLite scanned every pull once per outlet for the failed ones.
            try Row.fetchAll(db, sql: """
                SELECT o.id AS outlet,
                  (SELECT COUNT(*) FROM item i WHERE i.outlet_id = o.id) AS items,
                  (SELECT COUNT(*) FROM feed f CROSS JOIN pull p ON p.feed_id = f.id WHERE f.outlet_id = o.id) AS pulls,
                  (SELECT COUNT(*) FROM feed f CROSS JOIN pull p ON p.feed_id = f.id
                   WHERE f.outlet_id = o.id AND p.status = 'failed') AS failed
                FROM outlet o ORDER BY o.id
                """).map { OutletPullStats(outletID: $0["outlet"], items: $0["items"], pulls: $0["pulls"], pullsFailed: $0["failed"]) }
        }
    }

    /// Counts of rows in the main tables, for summaries and tests: outlets, feeds, pulls, items,
    /// versions.
    public func counts() throws(StoreError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in ["outlet", "feed", "pull", "item", "item_version"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }
}

extension FeedItem {
    /// A stable digest of (title, summary, content) that names a version: 16 hex digits (FNV-1a
    /// 64 of the three texts joined by U+001F), the `item_version.hash` of both store back ends.
    public var versionHash: String {
        StableHash.fnv1a64Hex((title ?? "") + "\u{1F}" + (summary ?? "") + "\u{1F}" + (content ?? "\u{0}"))
    }
}
