public import Foundation
public import BylineStore
import BylineFeed
import BylineReport

/// Imports an archive of captured feed snapshots: `DIR/<outlet>/<YYYYMMDDTHHMMSSZ>.xml`.
///
/// Each file is one pull of the outlet's feed at the capture time in its name (UTC), so
/// first-seen times and observed windows come out as if Byline had pulled the feed then. Files
/// are processed in time order. A file that is not a feed (an HTML error page, an empty or
/// truncated file) is recorded as a failed pull of that time and counted, never fatal. A file
/// whose pull time is already stored is skipped, so importing the same folder again adds
/// nothing; a kill part-way loses at most the file being recorded (each file is one
/// transaction), and the next run picks up where it stopped.
///
/// The outlet id is the folder name; the feed URL is `archive:<outlet>`.
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
    }

    let store: Store
    let parser: FeedParser

    /// Creates an importer writing into `store`.
    public init(store: Store) {
        self.store = store
        self.parser = FeedParser()
    }

    /// The earliest capture time accepted: 1997-01-01T00:00:00Z, before any RSS or Atom feed
    /// existed. A file named earlier is a renamed or mistyped file, not a snapshot.
    public static let earliestCapture = Date(timeIntervalSince1970: 852_076_800)

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
    ///   ``PipelineError/notAFolder(path:)`` when it is a file, ``PipelineError/emptyArchive(path:)``
    ///   when it holds no snapshot.
    public static func snapshots(in folder: URL, now: Date = Date()) throws(PipelineError) -> (snapshots: [Snapshot], skipped: [PathReason]) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            throw .missingInput(path: folder.path)
        }
        guard isFolder.boolValue else { throw .notAFolder(path: folder.path) }
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
            guard fileType(outletFolder) == .typeDirectory else { continue }
            guard isOutletID(outlet) else {
                skipped.append(PathReason(path: outletFolder.path, reason: "folder name is not an outlet id ([a-z0-9_.-]+)"))
                continue
            }
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: outletFolder.path)) ?? []).sorted()
            for file in files where !file.hasPrefix(".") {
                let url = outletFolder.appendingPathComponent(file)
                guard let time = captureTime(fileName: file) else {
                    skipped.append(PathReason(path: url.path, reason: "name is not <YYYYMMDDTHHMMSSZ>.xml"))
                    continue
                }
                guard time >= earliestCapture, time <= now.addingTimeInterval(futureTolerance) else {
                    skipped.append(PathReason(path: url.path, reason: "capture time \(ReportFormat.time(time)) is impossible (before 1997 or in the future)"))
                    continue
                }
                guard fileType(url) == .typeRegular else {
                    skipped.append(PathReason(path: url.path, reason: "not a regular file"))
                    continue
                }
                snapshots.append(Snapshot(outlet: outlet, capturedAt: time, url: url))
            }
        }
        guard !snapshots.isEmpty else { throw .emptyArchive(path: folder.path) }
        snapshots.sort { ($0.capturedAt, $0.outlet, $0.url.path) < ($1.capturedAt, $1.outlet, $1.url.path) }
        return (snapshots, skipped)
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

    static func fileType(_ url: URL) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
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
    /// Files are parsed concurrently in batches and recorded one by one in time order.
    /// - Parameter progress: called after each file with (files done, files in all).
    /// - Returns: what was imported, skipped and failed.
    /// - Throws: ``PipelineError`` when the folder is missing or empty, ``StoreError`` when the
    ///   database cannot be written (the file in progress is rolled back; earlier ones stay).
    public func importArchive(
        at folder: URL, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Summary {
        let (snapshots, skipped) = try Self.snapshots(in: folder)
        var summary = Summary()
        summary.files = snapshots.count
        summary.skipped = skipped
        var feedIDs: [String: Int64] = [:]
        var storedTimes: [String: Set<Date>] = [:]
        for outlet in Set(snapshots.map(\.outlet)).sorted() {
            try store.upsertOutletIfMissing(OutletInfo(id: outlet, name: outlet))
            let feed = try store.feed(outletID: outlet, url: "archive:\(outlet)")
            feedIDs[outlet] = feed.id
            storedTimes[outlet] = try store.pullTimes(feedID: feed.id)
        }
        summary.outlets = feedIDs.count
        let pending = snapshots.filter { !(storedTimes[$0.outlet]?.contains($0.capturedAt) ?? false) }
        summary.alreadyStored = snapshots.count - pending.count
        var done = summary.alreadyStored
        let batchSize = 64
        var start = 0
        while start < pending.count {
            let batch = Array(pending[start..<min(start + batchSize, pending.count)])
            start += batch.count
            let parsed = await parseAll(batch)
            for (snapshot, outcome) in zip(batch, parsed) {
                guard let feedID = feedIDs[snapshot.outlet] else { continue }
                var pull = PullInput(feedID: feedID, at: snapshot.capturedAt, status: .ok, source: snapshot.url.path)
                switch outcome {
                case .success(let (bytes, feed)):
                    pull.bytes = bytes
                    pull.items = feed.items
                    if !feed.warnings.isEmpty { pull.error = feed.warnings.prefix(3).joined(separator: "; ") }
                    summary.imported += 1
                case .failure(let failure):
                    pull.status = .failed
                    pull.bytes = failure.bytes
                    pull.error = failure.reason
                    summary.failed.append(PathReason(path: snapshot.url.path, reason: failure.reason))
                }
                let recorded = try store.record(pull)
                summary.newItems += recorded.newItems
                summary.newVersions += recorded.newVersions
                done += 1
                progress(done, snapshots.count)
            }
        }
        return summary
    }

    struct ParseFailure: Error {
        var bytes: Int
        var reason: String
    }

    private func parseAll(_ batch: [Snapshot]) async -> [Result<(Int, Feed), ParseFailure>] {
        let parser = self.parser
        return await withTaskGroup(of: (Int, Result<(Int, Feed), ParseFailure>).self) { group in
            for (index, snapshot) in batch.enumerated() {
                group.addTask {
                    let data: Data
                    do {
                        data = try Data(contentsOf: snapshot.url)
                    } catch {
                        return (index, .failure(ParseFailure(bytes: 0, reason: "cannot read file: \(error.localizedDescription)")))
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
