public import Foundation
public import BylineStore
public import BylineFetch
import BylineFacts
import BylineFeed
import BylineReport
import CBylineSystem

/// Imports an archive of captured feed snapshots: `DIR/<outlet>/<YYYYMMDDTHHMMSSZ>.xml`.
///
/// Each file is one pull of the outlet's feed at the capture time in its name (UTC), so
/// first-seen times and observed windows come out as if Byline had pulled the feed then. Files
/// are processed in time order. A file that is not a feed (an HTML error page, an empty or
/// truncated file, a file over pull's body limit of 16 MiB) is recorded as a failed pull of that
/// time and counted, never fatal. A file
/// whose pull time is already stored is skipped, so importing the same folder again adds
/// nothing; a kill part-way loses at most the file being recorded (each file is one
/// transaction), and the next run picks up where it stopped.
///
/// Time order is kept per outlet, because first-seen times and windows are read off the pulls
/// before an item: a snapshot older than the outlet's latest stored pull is not recorded (it
/// would make items first seen later than they were), and a file that cannot be read (no
/// permission, an I/O error) is not recorded either, nor are the outlet's later snapshots in
/// that run, so that a re-run, once the file is readable, records them all in order.
/// Entries whose names start with `.` and files beside the outlet folders (a README, a
/// manifest) are ignored; symbolic links to folders and files are followed, and one that leads
/// nowhere (its target is missing, or the links loop) is named and skipped.
///
/// The outlet id is the folder name; the feed URL is `archive:<outlet>` (an outlet whose files
/// have two or more extensions has a feed per extension, ``feedURLs(of:)``). An outlet whose id the
/// importer's outlet list (`Feeds/outlets.toml`) has too takes its name, homepage, country,
/// language and aliases from the list (so that attributions can name it); any other is named
/// by its id. The list's outlets that the archive does not hold are stored too (no feed, no
/// item): Byline follows them, so an attribution to one is checked against its absence from the
/// story rather than called an outlet Byline does not follow.
public struct ArchiveImporter: Sendable {
    /// One snapshot file found in the archive.
    public struct Snapshot: Sendable, Hashable {
        /// The outlet id (the folder name).
        public var outlet: String
        /// The capture time from the file name (UTC).
        public var capturedAt: Date
        /// The file.
        public var url: URL
    }

    /// An import ended by a database that could not record a snapshot (a full disk, a lock held
    /// too long, a lost PostgreSQL server): what was recorded before it is in ``summary`` and
    /// kept (each snapshot is one transaction; the failed one was rolled back), and running the
    /// same import again, once the database can be written, records the rest in order (what is
    /// stored is skipped).
    public struct Interrupted: Error, Sendable {
        /// What the import did before the failure (``Summary/notReached`` counts the snapshots
        /// not recorded, the failed one among them).
        public var summary: Summary
        /// The snapshot that could not be recorded.
        public var path: String
        /// The database's error.
        public var error: StoreError
    }

    /// What an import did.
    public struct Summary: Sendable, Hashable {
        /// Snapshot files found.
        public var files = 0
        /// Files recorded as successful pulls.
        public var imported = 0
        /// Files skipped because their pull was already stored.
        public var alreadyStored = 0
        /// Files recorded as failed pulls, each with its one-line reason.
        public var failed: [PathReason] = []
        /// Snapshots not recorded and to be imported by a later run: files that could not be
        /// read, and the same outlet's later snapshots held back behind them.
        public var notRead: [PathReason] = []
        /// Snapshots older than their outlet's latest stored pull, not recorded (an archive of
        /// earlier captures goes into a new database, or is imported before the later one). The
        /// reason is the same for all (``outOfOrderReason``); each outlet's latest stored pull is
        /// in ``latestStoredPull``.
        public var outOfOrder: [PathReason] = []
        /// The latest stored pull (UTC) of each outlet that has snapshots in ``outOfOrder``.
        public var latestStoredPull: [String: Date] = [:]
        /// Files and folders that are not snapshots (a name that is not
        /// `<YYYYMMDDTHHMMSSZ>.xml` or not an outlet id, an impossible capture time, not a
        /// regular file), with the reason.
        public var skipped: [PathReason] = []
        /// New items stored.
        public var newItems = 0
        /// New versions of known items stored.
        public var newVersions = 0
        /// Outlets seen.
        public var outlets = 0
        /// Entries that repeated the guid of another entry of their snapshot, not stored (one
        /// entry of each guid is: ``BylineStore/PullInput/keyedItems``).
        public var repeatedGuids = 0
        /// Snapshots that had such entries (each pull records a warning with the count).
        public var snapshotsWithRepeatedGuids = 0
        /// Snapshots recorded whose document was cut off (``BylineFeed/Feed/isTruncated``): the
        /// items before the cut are stored, those after it are lost; each with its pull's
        /// warnings, which say where it was cut.
        public var cutOff: [PathReason] = []
        /// Snapshots recorded, and not cut off, whose reading raised warnings (an unparseable
        /// date, elements nested too deep left out, an undefined entity, a document read in
        /// recovery mode: each cost a field or an element, not the snapshot): one entry per
        /// snapshot and kind of warning (``BylineFeed/Feed/warningKind(of:)``), in the order
        /// recorded. The pull log keeps each snapshot's first warnings; `byline parse` of the
        /// snapshot lists them all.
        public var warned: [PathReason] = []
        /// Whether `shouldStop` (or a database that could not record a snapshot,
        /// ``Interrupted``) ended the import before every snapshot was looked at; the snapshots
        /// not reached are in ``notReached`` (a re-run records them).
        public var stopped = false
        /// Snapshots left unrecorded because the import was stopped (``stopped``).
        public var notReached = 0
    }

    let store: any IngestStore
    let parser: FeedParser
    /// The largest snapshot file read, in bytes (``FetchSettings/standardMaxBodyBytes``, pull's
    /// body limit); a larger one is a failed pull, not read.
    let maxFileBytes: Int
    let outlets: [String: OutletConfig]
    /// The outlet list's entries in its order, the first of each id.
    let outletList: [OutletConfig]

    /// Creates an importer writing into `store`.
    ///
    /// - Parameters:
    ///   - store: the database.
    ///   - outlets: the outlet list whose entries name the archive's outlets of the same id
    ///     (their stored name, homepage, country, language and aliases are replaced by the
    ///     list's), and whose other entries are stored as followed outlets with no feed (so that
    ///     attributions name them; the scorecard leaves out outlets with no item and no pull);
    ///     nil names every outlet by its id (keeping names already stored).
    ///   - maxFileBytes: the largest snapshot file read, in bytes; a larger one is recorded as a
    ///     failed pull without being read (`file exceeds 16 MiB, the limit of a
    ///     pulled feed's body; not read`). Default: pull's body limit, 16 MiB.
    public init(store: any IngestStore, outlets: FeedList? = nil, maxFileBytes: Int = FetchSettings.standardMaxBodyBytes) {
        self.store = store
        self.parser = FeedParser()
        self.maxFileBytes = maxFileBytes
        var seen: Set<String> = []
        self.outletList = (outlets?.outlets ?? []).filter { seen.insert($0.id).inserted }
        self.outlets = Dictionary(uniqueKeysWithValues: outletList.map { ($0.id, $0) })
    }

    /// The earliest capture time accepted: 1997-01-01T00:00:00Z, before any RSS or Atom feed
    /// existed. A file named earlier is a renamed or mistyped file, not a snapshot.
    public static let earliestCapture = ObservedTime.earliestPlausible

    /// How far past the current time a capture time may lie (clock differences): one day.
    public static let futureTolerance: TimeInterval = 86_400

    /// The snapshot files of the archive at `folder`, sorted by capture time then outlet.
    ///
    /// Each sub-folder whose name is an outlet id (`[a-z0-9_.-]+`, the rule of
    /// Feeds/outlets.toml) is an outlet; each regular file in it named
    /// `<YYYYMMDDTHHMMSSZ>.xml` (or `.json`, `.atom`, `.rss`) with a capture time between
    /// ``earliestCapture`` and now plus ``futureTolerance`` is a snapshot. Everything else is
    /// skipped, with the reason, so that no file is silently dropped and no impossible capture
    /// time can rewrite who was first.
    /// - Parameter now: the current time, for the future bound.
    /// - Returns: the snapshots, and the skipped paths with their reasons.
    /// - Throws: ``PipelineError/missingInput(path:)`` when `folder` does not exist,
    ///   ``PipelineError/notAFolder(path:)`` when it is a file,
    ///   ``PipelineError/emptyArchive(path:skipped:hint:)`` when it holds no snapshot (with the
    ///   skipped paths, and what to give instead when it looks like one outlet's folder or the
    ///   folder above an archive).
    public static func snapshots(in folder: URL, now: Date = Date()) throws(PipelineError) -> (snapshots: [Snapshot], skipped: [PathReason]) {
        switch byline_path_kind(folder.path) {
        case BYLINE_FILE_DIRECTORY: break
        case BYLINE_FILE_NONE: throw .missingInput(path: folder.path)
        case BYLINE_FILE_DANGLING_LINK, BYLINE_FILE_LINK_LOOP:
            throw .unreadable(path: folder.path, reason: brokenLinkReason(byline_path_kind(folder.path), of: "folder") ?? "no such folder")
        default: throw .notAFolder(path: folder.path)
        }
        let outlets: [String]
        do {
            outlets = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        } catch {
            throw .unreadable(path: folder.path, reason: "cannot list the folder")
        }
        var snapshots: [Snapshot] = []
        var skipped: [PathReason] = []
        for outlet in outlets where !outlet.hasPrefix(".") {
            let outletFolder = folder.appendingPathComponent(outlet)
            // Files beside the outlet folders (a README, a manifest) are not part of the layout.
            // A symbolic link to a folder is followed; one to nothing may have meant an outlet
            // folder, so it is named.
            let kind = byline_path_kind(outletFolder.path)
            if let broken = brokenLinkReason(kind, of: "file or folder") {
                skipped.append(PathReason(path: outletFolder.path, reason: broken))
                continue
            }
            guard kind == BYLINE_FILE_DIRECTORY else { continue }
            guard isOutletID(outlet) else {
                skipped.append(PathReason(path: outletFolder.path, reason: "folder name is not an outlet id ([a-z0-9_.-]+)"))
                continue
            }
            let files: [String]
            do {
                files = try FileManager.default.contentsOfDirectory(atPath: outletFolder.path).sorted()
            } catch {
                skipped.append(PathReason(path: outletFolder.path, reason: "cannot list the folder (permission or I/O error)"))
                continue
            }
            for file in files where !file.hasPrefix(".") {
                let url = outletFolder.appendingPathComponent(file)
                guard let time = captureTime(fileName: file) else {
                    let reason = hasSnapshotShape(fileName: file)
                        ? "the time in the name is not a valid date" : "name is not <YYYYMMDDTHHMMSSZ>.xml"
                    skipped.append(PathReason(path: url.path, reason: reason))
                    continue
                }
                guard time >= earliestCapture, time <= now.addingTimeInterval(futureTolerance) else {
                    skipped.append(PathReason(path: url.path, reason: "capture time \(ReportFormat.time(time)) is impossible (before 1997 or in the future)"))
                    continue
                }
                let kind = byline_path_kind(url.path)
                guard kind == BYLINE_FILE_REGULAR else {
                    let reason = brokenLinkReason(kind, of: "file")
                        ?? (kind == BYLINE_FILE_DIRECTORY ? "a folder, not a snapshot file" : kind == BYLINE_FILE_OTHER
                            ? "not a regular file (a device, pipe or socket)" : "gone while the archive was read")
                    skipped.append(PathReason(path: url.path, reason: reason))
                    continue
                }
                snapshots.append(Snapshot(outlet: outlet, capturedAt: time, url: url))
            }
        }
        guard !snapshots.isEmpty else {
            throw .emptyArchive(path: folder.path, skipped: skipped, hint: misplacedArchiveHint(folder, names: outlets))
        }
        snapshots.sort { ($0.capturedAt, $0.outlet, $0.url.path) < ($1.capturedAt, $1.outlet, $1.url.path) }
        return (snapshots, skipped)
    }

    /// What to give `import` instead of `folder`, an archive folder without snapshots whose
    /// entries are `names`, when it looks like a level too low or too high; nil otherwise.
    ///
    /// - One outlet's folder (snapshot file names, `<YYYYMMDDTHHMMSSZ>.xml`, directly inside):
    ///   its parent.
    /// - The folder above archives (sub-folders whose own sub-folders hold snapshot files):
    ///   one of those sub-folders.
    /// - Else, files directly inside (not read: only outlet folders are): says so.
    ///
    /// At most 1,000 folders are listed to look for archives below `folder`.
    static func misplacedArchiveHint(_ folder: URL, names: [String]) -> String? {
        var snapshotFiles = 0, otherFiles = 0
        var archives: [String] = []
        var listings = 0
        for name in names where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            let kind = byline_path_kind(url.path)
            if kind == BYLINE_FILE_REGULAR {
                if hasSnapshotShape(fileName: name) { snapshotFiles += 1 } else { otherFiles += 1 }
            } else if kind == BYLINE_FILE_DIRECTORY, listings < 1_000, holdsOutletFolders(url, listings: &listings) {
                archives.append(name)
            }
        }
        if snapshotFiles > 0 {
            let parent = folder.deletingLastPathComponent().path
            let name = folder.lastPathComponent
            let files = "\(snapshotFiles) snapshot \(snapshotFiles == 1 ? "file" : "files") directly inside"
            return isOutletID(name)
                ? "it looks like one outlet's folder (\(files)): give its parent, \(parent), where '\(name)' is the outlet id"
                : "it looks like one outlet's folder (\(files)): name it by the outlet id ([a-z0-9_.-]+) and give its parent, \(parent)"
        }
        if let first = archives.first {
            let shown = archives.prefix(5).joined(separator: ", ") + (archives.count > 5 ? ", ..." : "")
            let them = archives.count == 1 ? "it" : "one of them, such as"
            return "it looks like the folder above \(archives.count == 1 ? "an archive" : "archives") (\(shown) \(archives.count == 1 ? "holds" : "hold") "
                + "<outlet>/<YYYYMMDDTHHMMSSZ>.xml): give \(them) \(folder.appendingPathComponent(first).path)"
        }
        if otherFiles > 0 {
            return "the \(otherFiles) \(otherFiles == 1 ? "file" : "files") directly inside \(otherFiles == 1 ? "is" : "are") not read (snapshots go in its <outlet>/ folders)"
        }
        return nil
    }

    /// Whether a sub-folder of `folder` holds a file named by a valid capture time (so that
    /// `folder` is an archive); each folder listed adds one to `listings`.
    private static func holdsOutletFolders(_ folder: URL, listings: inout Int) -> Bool {
        listings += 1
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return false }
        for name in names where !name.hasPrefix(".") && listings < 1_000 {
            let outlet = folder.appendingPathComponent(name)
            guard byline_path_kind(outlet.path) == BYLINE_FILE_DIRECTORY else { continue }
            listings += 1
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: outlet.path) else { continue }
            if files.contains(where: { captureTime(fileName: $0) != nil }) { return true }
        }
        return false
    }

    /// How many of a snapshot's parse warnings its pull's `error` names
    /// (``FeedPuller/warningsNamed``).
    public static let warningsNamed = FeedPuller.warningsNamed

    /// What lists every warning of a snapshot, for the count of those its pull's `error` does
    /// not name.
    static let snapshotLister = "byline parse of the snapshot"

    /// The pull log's `error` of a snapshot read with `warnings` (`FeedParser`'s), nil when there
    /// is none: `cutOff` first, then the first ``warningsNamed`` warnings, then how many more
    /// there are: `and 3 more unparseable dates; see anomalies.csv` when each is an item's
    /// date (the report lists every one as `unreadable_date`), else `and 3 more warnings; byline
    /// parse of the snapshot lists them all` (``FeedPuller/warnings(of:listedBy:)``, which a
    /// pull over HTTP records too).
    public static func pullWarning(_ warnings: [String], cutOff: String?) -> String? {
        let parts = FeedPuller.warnings(warnings, cutOff: cutOff, listedBy: snapshotLister)
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// A path of the archive and why it was not imported (a failed pull, or not a snapshot).
    public struct PathReason: Sendable, Hashable {
        /// The file or folder.
        public var path: String
        /// Why it was skipped, one line.
        public var reason: String
    }

    /// Whether `name` is an outlet id: one or more of `a-z`, `0-9`, `_`, `.`, `-`.
    public static func isOutletID(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (97...122).contains(byte) || (48...57).contains(byte) || byte == 95 || byte == 46 || byte == 45
        }
    }

    /// The reason for a path that is a symbolic link to nothing: `a symbolic link to a missing
    /// file` (`what` names what it should lead to), or one for a loop of links; nil for any other kind.
    static func brokenLinkReason(_ kind: byline_file_kind, of what: String) -> String? {
        switch kind {
        case BYLINE_FILE_DANGLING_LINK: "a symbolic link to a missing \(what)"
        case BYLINE_FILE_LINK_LOOP: "a symbolic link in a loop of links (it leads back to itself)"
        default: nil
        }
    }

    /// Whether `fileName` has the shape `<16 characters>.<snapshot extension>` with `T` and `Z`
    /// where a capture time has them, whether or not the digits make a valid time.
    static func hasSnapshotShape(fileName: String) -> Bool {
        let parts = fileName.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, ["xml", "json", "atom", "rss"].contains(parts[1].lowercased()) else { return false }
        let stamp = Array(parts[0].utf8)
        return stamp.count == 16 && stamp[8] == UInt8(ascii: "T") && stamp[15] == UInt8(ascii: "Z")
            && stamp.enumerated().allSatisfy { $0.offset == 8 || $0.offset == 15 || (48...57).contains($0.element) }
    }

    /// The UTC time named by a snapshot file name `YYYYMMDDTHHMMSSZ.xml` (also `.json`,
    /// `.atom`, `.rss`), or nil when the name does not have that shape or the time is invalid.
    public static func captureTime(fileName: String) -> Date? {
        let parts = fileName.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, ["xml", "json", "atom", "rss"].contains(parts[1].lowercased()) else { return nil }
        let stamp = Array(parts[0].utf8)
        guard stamp.count == 16, stamp[8] == UInt8(ascii: "T"), stamp[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in stamp[range] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }
        return date
    }

    /// Imports every snapshot under `folder`.
    ///
    /// Files are parsed concurrently in batches (at most 64 files and, past the first file,
    /// 8 MiB) and recorded one by one in time order.
    /// - Parameters:
    ///   - progress: called after each file with (files done, files in all).
    ///   - shouldStop: asked before each snapshot is recorded; true ends the import there
    ///     (``Summary/stopped``): every snapshot recorded so far is kept (each is one
    ///     transaction), and a re-run records the rest in order.
    /// - Returns: what was imported, skipped and failed.
    /// - Throws: ``PipelineError`` when the folder is missing or empty, ``StoreError`` when the
    ///   database cannot be written before the first snapshot (its outlets and feeds), and
    ///   ``Interrupted`` when it cannot record a snapshot (that one is rolled back; earlier ones
    ///   stay, and the error's summary counts them).
    public func importArchive(
        at folder: URL, progress: @Sendable (Int, Int) -> Void = { _, _ in }, shouldStop: @Sendable () -> Bool = { false }
    ) async throws -> Summary {
        let (snapshots, skipped) = try Self.snapshots(in: folder)
        var summary = Summary()
        summary.files = snapshots.count
        summary.skipped = skipped
        let feedURLs = Self.feedURLs(of: snapshots)
        var feedIDs: [String: Int64] = [:]  // by feed URL
        var storedTimes: [String: Set<Date>] = [:]  // by feed URL
        var latestStored: [String: Date] = [:]  // by outlet, over all its feeds
        let outletFeeds = Dictionary(grouping: zip(snapshots, feedURLs), by: { $0.0.outlet }).mapValues { Set($0.map(\.1)) }
        for outlet in outletFeeds.keys.sorted() {
            if let known = outlets[outlet] {
                try await store.upsertOutlet(OutletInfo(id: known.id, name: known.name, homepage: known.homepage, country: known.country,
                                                        language: known.language, aliases: known.aliases,
                                                        organisation: known.organisation))
            } else {
                try await store.upsertOutletIfMissing(OutletInfo(id: outlet, name: outlet))
            }
            for url in (outletFeeds[outlet] ?? []).sorted() {
                let feed = try await store.feed(outletID: outlet, url: url)
                feedIDs[url] = feed.id
                let times = try await store.pullTimes(feedID: feed.id)
                storedTimes[url] = times
                if let latest = times.max(), latest > latestStored[outlet] ?? .distantPast { latestStored[outlet] = latest }
            }
        }
        summary.outlets = outletFeeds.count
        // The list's other outlets are followed too: an attribution to one of them ("according
        // to NBC News") names a followed outlet with no report here, not an unknown one.
        for outlet in outletList where outletFeeds[outlet.id] == nil {
            try await store.upsertOutlet(OutletInfo(id: outlet.id, name: outlet.name, homepage: outlet.homepage, country: outlet.country,
                                                    language: outlet.language, aliases: outlet.aliases,
                                                    organisation: outlet.organisation))
        }
        var pending: [(snapshot: Snapshot, feedURL: String)] = []
        for (snapshot, feedURL) in zip(snapshots, feedURLs) {
            if storedTimes[feedURL]?.contains(snapshot.capturedAt) == true {
                summary.alreadyStored += 1
            } else if let latest = latestStored[snapshot.outlet], snapshot.capturedAt < latest {
                summary.outOfOrder.append(PathReason(path: snapshot.url.path, reason: Self.outOfOrderReason))
                summary.latestStoredPull[snapshot.outlet] = latest
            } else {
                pending.append((snapshot, feedURL))
            }
        }
        var done = summary.alreadyStored + summary.outOfOrder.count
        var heldBack: Set<String> = []  // outlets behind a file that could not be read
        var start = 0
        var reached = 0
        let pendingSnapshots = pending.map(\.snapshot)
        reading: while start < pending.count {
            if shouldStop() { break }
            let batch = Self.batch(of: pendingSnapshots, from: start)
            let batchFeeds = pending[start..<(start + batch.count)].map(\.feedURL)
            start += batch.count
            let parsed = await parseAll(batch)
            for ((snapshot, outcome), feedURL) in zip(zip(batch, parsed), batchFeeds) {
                if shouldStop() { break reading }
                reached += 1
                guard let feedID = feedIDs[feedURL] else { continue }
                done += 1
                if heldBack.contains(snapshot.outlet) {
                    summary.notRead.append(PathReason(path: snapshot.url.path, reason: "held back behind \(Self.heldBackReason)"))
                    progress(done, snapshots.count)
                    continue
                }
                if case .failure(let failure) = outcome, failure.unreadable {
                    summary.notRead.append(PathReason(path: snapshot.url.path, reason: failure.reason + "; not recorded, a re-run reads it"))
                    heldBack.insert(snapshot.outlet)
                    progress(done, snapshots.count)
                    continue
                }
                var pull = PullInput(feedID: feedID, at: snapshot.capturedAt, status: .ok, source: snapshot.url.path)
                switch outcome {
                case .success(let (bytes, feed)):
                    pull.bytes = bytes
                    pull.items = feed.items
                    pull.cutOff = feed.isTruncated
                    let warnings = FeedPuller.warnings(of: feed, listedBy: Self.snapshotLister)
                    pull.error = warnings.isEmpty ? nil : warnings.joined(separator: "; ")
                case .failure(let failure):
                    pull.status = .failed
                    pull.bytes = failure.bytes
                    pull.error = failure.reason
                }
                let recorded: PullSummary
                do {
                    recorded = try await store.record(pull)
                } catch {
                    summary.stopped = true
                    summary.notReached = pending.count - reached + 1
                    throw Interrupted(summary: summary, path: snapshot.url.path, error: error)
                }
                if case .success(let (_, feed)) = outcome, !recorded.alreadyStored {
                    if feed.isTruncated {
                        summary.cutOff.append(PathReason(path: snapshot.url.path, reason: pull.error ?? FeedPuller.cutOffWarning))
                    } else {
                        // A cut-off snapshot's line gives its warnings already.
                        var kinds: Set<String> = []
                        for warning in feed.warnings {
                            let kind = Feed.warningKind(of: warning)
                            if kinds.insert(kind).inserted { summary.warned.append(PathReason(path: snapshot.url.path, reason: kind)) }
                        }
                    }
                }
                switch outcome {
                case _ where recorded.alreadyStored: summary.alreadyStored += 1
                case .success: summary.imported += 1
                case .failure(let failure): summary.failed.append(PathReason(path: snapshot.url.path, reason: failure.reason))
                }
                summary.newItems += recorded.newItems
                summary.newVersions += recorded.newVersions
                if recorded.repeatedKeys > 0 {
                    summary.repeatedGuids += recorded.repeatedKeys
                    summary.snapshotsWithRepeatedGuids += 1
                }
                progress(done, snapshots.count)
            }
        }
        if reached < pending.count {
            summary.stopped = true
            summary.notReached = pending.count - reached
        }
        return summary
    }

    /// The feed URL of each of `snapshots` (sorted as ``snapshots(in:now:)`` sorts them), in
    /// their order. An outlet's files are told apart by their extension, the part of the name
    /// after its first `.`: the files of the outlet's first extension in name order (`json`
    /// before `xml`) are pulls of `archive:<outlet>`, the outlet's feed, and those of each other
    /// extension pulls of `archive:<outlet>/<extension>` (`archive:bbc/xml`), a feed of its own,
    /// at every capture time, whether or not a file of the first extension was captured with
    /// it. So a feed has one pull per time, and what each feed says of an item is compared only
    /// with what the same feed said. An outlet with files of one extension has the one feed
    /// `archive:<outlet>`; `/` is in no outlet id, so no outlet's feed has such a URL.
    public static func feedURLs(of snapshots: [Snapshot]) -> [String] {
        func extensionOf(_ snapshot: Snapshot) -> String {
            let name = snapshot.url.lastPathComponent
            return name.split(separator: ".", maxSplits: 1).last.map(String.init) ?? name
        }
        var first: [String: String] = [:]
        for snapshot in snapshots {
            let ext = extensionOf(snapshot)
            if let known = first[snapshot.outlet], known <= ext { continue }
            first[snapshot.outlet] = ext
        }
        return snapshots.map { snapshot in
            let ext = extensionOf(snapshot)
            return ext == first[snapshot.outlet] ? "archive:\(snapshot.outlet)" : "archive:\(snapshot.outlet)/\(ext)"
        }
    }

    /// The reason of every snapshot in ``Summary/outOfOrder``: one reason for all, so that a
    /// listing groups them (each outlet's latest stored pull is in ``Summary/latestStoredPull``).
    public static let outOfOrderReason = "older than its outlet's latest stored pull; import earlier captures into a new database, or before later ones"

    /// What holds back an outlet's later snapshots in ``Summary/notRead`` (the unreadable file
    /// itself is listed there with its own reason).
    static let heldBackReason = "an earlier snapshot of its outlet that could not be read; a re-run imports both"

    /// Most files parsed at once.
    static let batchFiles = 64
    /// Most bytes of files parsed at once (a parsed feed takes a few times its size): batches
    /// stop before this, so that memory follows the largest single feed, not the batch (eight
    /// copies of a 54 MB feed in one folder took 1.16 GB when parsed together).
    static let batchBytes = 8 << 20

    /// The next batch of `pending` from `start`: at least one file, then files while the batch
    /// stays within ``batchFiles`` and ``batchBytes``.
    static func batch(of pending: [Snapshot], from start: Int) -> [Snapshot] {
        var end = start
        var bytes = 0
        while end < pending.count, end - start < batchFiles {
            let size = (try? pending[end].url.resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? 0
            if end > start, bytes + size > batchBytes { break }
            bytes += size
            end += 1
        }
        return Array(pending[start..<end])
    }

    /// The failed pull's reason for a snapshot file over the size limit, one for all such files
    /// so that the import's listing groups them (the pull's `bytes` is the file's size):
    /// `file exceeds 16 MiB, the limit of a pulled feed's body; not read`.
    static func tooLargeReason(limit: Int) -> String {
        "file exceeds \(FetchFailure.size(limit)), the limit of a pulled feed's body; not read"
    }

    /// Why a file could not be read, in the system's words (`permission denied`, `Is a
    /// directory`, `Input/output error`) rather than Foundation's `NSCocoaErrorDomain error 256`.
    static func readFailure(_ error: any Error) -> String {
        let error = error as NSError
        if error.code == NSFileReadNoPermissionError { return "permission denied" }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        return error.localizedDescription
    }

    struct ParseFailure: Error {
        var bytes: Int
        var reason: String
        /// The file could not be read (permission, I/O), as opposed to read and not a feed.
        var unreadable = false
    }

    private func parseAll(_ batch: [Snapshot]) async -> [Result<(Int, Feed), ParseFailure>] {
        let parser = self.parser
        let limit = maxFileBytes
        return await withTaskGroup(of: (Int, Result<(Int, Feed), ParseFailure>).self) { group in
            for (index, snapshot) in batch.enumerated() {
                group.addTask {
                    let data: Data
                    do {
                        // Read at most one byte past the limit: a file that is larger (or grew
                        // since it was listed) is refused without holding it whole.
                        let handle = try FileHandle(forReadingFrom: snapshot.url)
                        defer { try? handle.close() }
                        data = try handle.read(upToCount: limit + 1) ?? Data()
                        if data.count > limit {
                            let size = (try? FileManager.default.attributesOfItem(atPath: snapshot.url.path)[.size] as? Int) ?? data.count
                            return (index, .failure(ParseFailure(bytes: size, reason: Self.tooLargeReason(limit: limit))))
                        }
                    } catch {
                        let reason = "cannot read the file: " + Self.readFailure(error)
                        return (index, .failure(ParseFailure(bytes: 0, reason: reason, unreadable: true)))
                    }
                    do throws(FeedError) {
                        let feed = try parser.parse(data, url: nil, contentType: nil)
                        return (index, .success((data.count, feed)))
                    } catch {
                        return (index, .failure(ParseFailure(bytes: data.count, reason: error.description)))
                    }
                }
            }
            var results = [Result<(Int, Feed), ParseFailure>?](repeating: nil, count: batch.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0 ?? .failure(ParseFailure(bytes: 0, reason: "not parsed")) }
        }
    }
}
