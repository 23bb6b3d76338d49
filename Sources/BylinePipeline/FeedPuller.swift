import Foundation
public import BylineStore
public import BylineFetch
import BylineFeed

/// Pulls every feed of a feed list once and records each pull.
///
/// Outlets and feeds from the list are upserted into the store first; each feed is fetched with
/// its stored validators (conditional GET), concurrently within the fetcher's global and
/// per-host limits. A 200 is parsed (with the response's Content-Type charset and final URL as
/// the base for relative links) and its items stored; a 304 is recorded as `not_modified`; a
/// failed fetch or parse is recorded as a failed pull with its one-line reason. One feed's
/// failure never stops the others.
public struct FeedPuller: Sendable {
    /// What one pull run did.
    public struct Summary: Sendable, Hashable {
        /// Feeds pulled.
        public var feeds = 0
        /// 200 responses that parsed.
        public var fetched = 0
        /// 304 responses.
        public var notModified = 0
        /// Failed pulls: `(feed URL, one-line reason)`.
        public var failed: [Failure] = []
        /// New items stored.
        public var newItems = 0
        /// New versions of known items.
        public var newVersions = 0

        /// One failed feed.
        public struct Failure: Sendable, Hashable {
            /// The outlet id.
            public var outlet: String
            /// The feed URL.
            public var url: String
            /// Why it failed, one line.
            public var reason: String
        }
    }

    let store: Store
    let fetcher: Fetcher

    /// Creates a puller recording into `store` through `fetcher`.
    public init(store: Store, fetcher: Fetcher) {
        self.store = store
        self.fetcher = fetcher
    }

    /// Pulls every feed of `list` once.
    ///
    /// - Parameter progress: called as each feed finishes, with (feeds done, feeds in all,
    ///   the summary so far).
    /// - Returns: counts of what happened, with each failure named.
    /// - Throws: ``StoreError`` only when the database cannot be written (that pull is rolled
    ///   back; pulls recorded before it stay).
    public func pull(_ list: FeedList, progress: @Sendable (Int, Int, Summary) -> Void = { _, _, _ in }) async throws -> Summary {
        var feeds: [(outlet: String, state: FeedState)] = []
        for outlet in list.outlets {
            try store.upsertOutlet(OutletInfo(id: outlet.id, name: outlet.name, homepage: outlet.homepage,
                                              country: outlet.country, language: outlet.language))
            for feed in outlet.feeds {
                feeds.append((outlet.id, try store.feed(outletID: outlet.id, url: feed.url)))
            }
        }
        let requests = feeds.map { FetchRequest(url: $0.state.url, etag: $0.state.etag, lastModified: $0.state.lastModified) }
        let results = await fetcher.fetchAll(requests)
        var summary = Summary()
        summary.feeds = feeds.count
        for (index, (feed, result)) in zip(feeds, results).enumerated() {
            var pull = PullInput(feedID: feed.state.id, at: result.startedAt, status: .ok, httpStatus: result.statusCode,
                                 bytes: result.bytes, source: result.finalURL, elapsed: result.elapsed)
            switch result.outcome {
            case .fetched:
                do throws(FeedError) {
                    let parsed = try FeedParser().parse(Data(result.body), url: result.finalURL, contentType: result.contentType)
                    pull.items = parsed.items.map(ParsedItem.init)
                    pull.etag = result.etag
                    pull.lastModified = result.lastModified
                    summary.fetched += 1
                } catch {
                    pull.status = .failed
                    pull.error = error.description
                    summary.failed.append(.init(outlet: feed.outlet, url: feed.state.url, reason: error.description))
                }
            case .notModified:
                pull.status = .notModified
                summary.notModified += 1
            case .failed:
                pull.status = .failed
                pull.error = result.error ?? "failed"
                summary.failed.append(.init(outlet: feed.outlet, url: feed.state.url, reason: pull.error!))
            }
            let recorded = try store.record(pull)
            summary.newItems += recorded.newItems
            summary.newVersions += recorded.newVersions
            progress(index + 1, feeds.count, summary)
        }
        return summary
    }
}
