import BylineFeed
import BylinePipeline
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves archived snapshots of outlets (`<corpus>/<outlet>/<YYYYMMDDTHHMMSSZ>.xml`) as live
/// feeds on a loopback server, in time order on a ``PullClock``: `GET /<outlet>`.
///
/// Each snapshot is served exactly once as a 200 with `ETag: "<index>"`, once the clock has
/// reached its capture time and the client has stored the one before it (it sends that ETag as
/// `If-None-Match`); until then the answer is 304 (a feed with no items to a request without
/// `If-None-Match`, before the first snapshot). So a pull that comes late gets the next
/// snapshot late but never skips one, and a pull that was abandoned (its ETag never stored) gets
/// the same snapshot again. A snapshot that is not a feed (its pull fails, so its ETag is never
/// stored) is served once and then passed over.
actor CorpusReplay {
    struct Snapshot {
        var time: Date
        var url: URL
        var isFeed: Bool
    }

    let snapshots: [String: [Snapshot]]
    private var acked: [String: Int] = [:]
    private var servedBroken: Set<String> = []
    /// 200 responses served per outlet.
    private(set) var served: [String: Int] = [:]

    /// The outlets' snapshots with capture times in `window` (all when `nil`), each outlet's in time order.
    init(corpus: URL, outlets: [String], window: Range<Date>? = nil) throws {
        var snapshots: [String: [Snapshot]] = [:]
        let parser = FeedParser()
        for outlet in outlets {
            let folder = corpus.appendingPathComponent(outlet)
            var list: [Snapshot] = []
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
                guard let time = ArchiveImporter.captureTime(fileName: file), window?.contains(time) ?? true else { continue }
                let url = folder.appendingPathComponent(file)
                let isFeed = (try? parser.parse(try Data(contentsOf: url))) != nil
                list.append(Snapshot(time: time, url: url, isFeed: isFeed))
            }
            snapshots[outlet] = list.sorted { $0.time < $1.time }
        }
        self.snapshots = snapshots
    }

    /// The earliest capture time of any snapshot served.
    nonisolated var firstTime: Date { snapshots.values.compactMap(\.first?.time).min() ?? Date() }

    /// Whether every outlet's last feed snapshot has been stored by the client.
    var isDone: Bool {
        snapshots.allSatisfy { outlet, list in
            guard let last = list.lastIndex(where: \.isFeed) else { return true }
            return (acked[outlet] ?? -1) >= last
        }
    }

    /// Copies the served snapshots to `folder/<outlet>/<name>` for `byline import`.
    nonisolated func writeArchive(to folder: URL) throws {
        for (outlet, list) in snapshots {
            let target = folder.appendingPathComponent(outlet)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for snapshot in list {
                try FileManager.default.copyItem(at: snapshot.url, to: target.appendingPathComponent(snapshot.url.lastPathComponent))
            }
        }
    }

    /// The answer to `GET /<outlet>` at `now` with the client's `If-None-Match`.
    func respond(outlet: String, ifNoneMatch: String?, now: Date) throws -> Response {
        guard let list = snapshots[outlet] else { return Response(status: .notFound) }
        let stored = ifNoneMatch.flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) } ?? -1
        acked[outlet] = max(acked[outlet] ?? -1, stored)
        var next = stored + 1
        while next < list.count, !list[next].isFeed, servedBroken.contains("\(outlet)/\(next)") { next += 1 }
        guard next < list.count, list[next].time <= now else {
            // Nothing new yet: unchanged (304) to a conditional GET; to one without a validator
            // (before the outlet's first snapshot) a feed with no items, as a server that says
            // 304 only to a conditional request does (Byline fails a 304 to an unconditional one).
            if stored >= 0 { return Response(status: .notModified, headers: [.eTag: "\"\(stored)\""]) }
            return Response(status: .ok, headers: [.contentType: "application/xml"],
                            body: .init(byteBuffer: ByteBuffer(string: #"<?xml version="1.0"?><rss version="2.0"><channel><title>\#(outlet)</title></channel></rss>"#)))
        }
        if !list[next].isFeed { servedBroken.insert("\(outlet)/\(next)") }
        served[outlet, default: 0] += 1
        let body = try Data(contentsOf: list[next].url)
        return Response(status: .ok, headers: [.contentType: "application/xml", .eTag: "\"\(next)\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Adds `GET /{outlet}` to `router`, answering on `clock`.
    nonisolated func routes(_ router: Router<BasicRequestContext>, clock: any PullClock) {
        router.get("/{outlet}") { request, context -> Response in
            let outlet = context.parameters.get("outlet") ?? ""
            return try await self.respond(outlet: outlet, ifNoneMatch: request.headers[.ifNoneMatch], now: clock.now())
        }
    }
}
