public import BylineFeed
public import BylineFetch

/// Why one pull of a feed failed: the fetch failed, its 200 was not a feed, or it was redirected
/// to another feed. What
/// ``SchedulePolicy`` branches on; its ``description`` is the line stored in the pull log's
/// `error` column and printed by `pull` and `run`.
public enum PullFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The fetch failed (timeout, DNS, TLS, connection, status, size, redirects).
    case fetch(FetchFailure)
    /// A 200 whose body is not a feed Byline reads (empty, HTML, malformed, too large or slow
    /// to parse): `not a feed: an HTML page (<html>)`.
    case notAFeed(FeedError)
    /// A redirect led to the URL of another stored feed (``FeedPuller`` checks every hop against
    /// the feeds the store holds, config URLs and current ones): what came back is that feed's,
    /// and storing it here would count its items twice, under two feeds (and, for another
    /// outlet, as two outlets' reports). Nothing is stored and a 301 is not adopted:
    /// `redirected to http://b.example/feed.xml, the feed of outlet 'b'`, or for a feed of the
    /// same outlet `redirected to http://a.example/world.xml, another feed of this outlet ('a')`.
    case redirectedToFeed(url: String, outlet: String, sameOutlet: Bool)
    /// The fetch failed at `url`, where redirects from the feed's URL led (`statuses`: each hop's
    /// status, in order), so the line names the URL that failed, not only the feed's:
    /// `connection refused at http://127.0.0.1:1/ (redirected there: HTTP 301)`.
    case fetchAfterRedirect(FetchFailure, url: String, statuses: [Int])

    /// The failure of a fetch that followed `redirects`: ``fetchAfterRedirect(_:url:statuses:)``
    /// at the last hop's target when there were any and the failure is not one of the chain
    /// itself (a loop, too many redirects) nor a cancelled pull, else ``fetch(_:)``.
    public static func fetch(_ failure: FetchFailure, after redirects: [FetchResult.Redirect]) -> PullFailure {
        switch failure {
        case .redirectLoop, .tooManyRedirects, .cancelled: return .fetch(failure)
        default:
            guard let last = redirects.last else { return .fetch(failure) }
            return .fetchAfterRedirect(failure, url: last.to, statuses: redirects.map(\.statusCode))
        }
    }

    /// The fetch failure, wherever it happened (the feed's URL or a redirect's target); nil
    /// for a failure that is not the fetch's.
    public var fetchFailure: FetchFailure? {
        switch self {
        case .fetch(let failure), .fetchAfterRedirect(let failure, _, _): failure
        case .notAFeed, .redirectedToFeed: nil
        }
    }

    /// The HTTP status the failure rests on, when it is a status (`HTTP 503`).
    public var statusCode: Int? {
        if case .status(let code) = fetchFailure { return code }
        return nil
    }

    /// Whether no server answered: the name did not resolve, no connection could be made, or
    /// the connection timed out (what a machine without a network sees); false for any reply,
    /// however wrong (a status, a TLS failure, a body that is not a feed, a redirect to a host
    /// that cannot be reached).
    public var isUnreachable: Bool {
        guard case .fetch(let failure) = self else { return false }
        switch failure {
        case .dns, .connectTimedOut: return true
        case .connection(let connection):
            switch connection {
            case .refused, .hostUnreachable, .networkUnreachable, .failed: return true
            case .reset, .closed, .system: return false
            }
        default: return false
        }
    }

    /// The one line of the pull log: the fetch failure's or the parser's words.
    public var description: String {
        switch self {
        case .fetch(let failure): failure.description
        case .fetchAfterRedirect(let failure, let url, let statuses):
            "\(failure) at \(url) (redirected there: HTTP \(statuses.map(String.init).joined(separator: ", ")))"
        case .notAFeed(let error): error.description
        case .redirectedToFeed(let url, let outlet, let sameOutlet):
            sameOutlet ? "redirected to \(url), another feed of this outlet ('\(outlet)')"
                : "redirected to \(url), the feed of outlet '\(outlet)'"
        }
    }
}
