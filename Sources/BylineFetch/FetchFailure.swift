/// Why a pull of a feed gave nothing usable: what the schedule rules branch on, and (as its
/// ``description``) the one line the pull log stores and the commands print.
///
/// The descriptions are the texts Byline wrote to the pull log before this type existed (a TLS
/// failure now reads `TLS: ...` instead of the TLS library's type name), so that old and new rows
/// of the `pull` table read alike.
public enum FetchFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL is not `http` or `https`: `not an http(s) URL`.
    case notHTTP
    /// The whole pull (request to the last body byte) passed its limit, in seconds
    /// (``FetchSettings/totalTimeout``): `timed out after 30 s`.
    case timedOut(seconds: Double)
    /// No connection within the connect limit in seconds (``FetchSettings/connectTimeout``), or
    /// within the system's own limit (`ETIMEDOUT`, nil): `connect timed out after 10 s`.
    case connectTimedOut(seconds: Double?)
    /// The host name did not resolve (DNS): `cannot resolve host feeds.example`.
    case dns(host: String)
    /// The TLS handshake failed (an untrusted or mismatched certificate, a server that does not
    /// speak TLS, a protocol error); the TLS library's words: `TLS: handshake failed (...)`.
    case tls(String)
    /// The connection could not be made or broke before the answer was complete.
    case connection(Connection)
    /// The final answer's HTTP status was not 2xx, 304 or a redirect (301, 302, 303, 307, 308):
    /// `HTTP 500`.
    case status(Int)
    /// A 304 to a request that was not conditional (it sent neither `If-None-Match` nor
    /// `If-Modified-Since`, Byline holding no validator for the feed): there is nothing the
    /// feed could be unchanged since (RFC 9110 §15.4.5), so the answer says nothing of it:
    /// `304 Not Modified to a request without validators`.
    case notModifiedWithoutValidators
    /// The body passed the size limit in bytes (``FetchSettings/maxBodyBytes``), counted while
    /// it streamed, or announced by a `Content-Length` (given), or reached by decompressing:
    /// `body exceeds 16 MiB`, `body exceeds 16 MiB (Content-Length 20000000)`,
    /// `body exceeds 16 MiB after decompression`.
    case tooLarge(limit: Int, contentLength: Int?, afterDecompression: Bool)
    /// A gzip/deflate body that does not decode: `corrupt gzip/deflate body (zlib error -3)`.
    case corruptBody(String)
    /// A redirect pointed back to a URL of the same pull: `redirect loop`.
    case redirectLoop
    /// More redirects than ``FetchSettings/maxRedirects``: `more than 5 redirects`.
    case tooManyRedirects(limit: Int)
    /// A redirect whose `Location` is not a usable http(s) URL:
    /// `HTTP 301 to an unusable Location 'ftp://x'`.
    case unusableRedirect(status: Int, location: String)
    /// A redirect status (301, 302, 303, 307, 308) with no `Location` header, or an empty one,
    /// so there is nowhere to follow it to: `HTTP 302 redirect without a Location header`.
    case redirectWithoutLocation(status: Int)
    /// The pull was cancelled (the run is stopping): `cancelled`.
    case cancelled
    /// The server's reply is not HTTP/1.1 as RFC 9112 defines it (the parser's reason: a status
    /// line that is not one, a header with a control character, more header bytes than the
    /// parser allows).
    case malformedResponse(String)
    /// Anything else, in one line.
    case other(String)

    /// How a connection failed.
    public enum Connection: Sendable, Hashable {
        /// `connection refused`: nothing listens on the port.
        case refused
        /// `connection reset by the server`.
        case reset
        /// `connection closed by the server` before the answer was complete.
        case closed
        /// `host unreachable`.
        case hostUnreachable
        /// `network unreachable`.
        case networkUnreachable
        /// `cannot connect to feeds.example:443`, for no reason the system named.
        case failed(host: String, port: Int)
        /// Another socket error: its `errno` and the system's words for it.
        case system(errno: Int32, message: String)
    }

    /// The one line of the pull log.
    public var description: String {
        switch self {
        case .notHTTP: "not an http(s) URL"
        case .timedOut(let seconds): "timed out after \(Self.seconds(seconds))"
        case .connectTimedOut(let seconds): seconds.map { "connect timed out after \(Self.seconds($0))" } ?? "connect timed out"
        case .dns(let host): "cannot resolve host \(host)"
        case .tls(let detail): "TLS: \(detail)"
        case .connection(let connection):
            switch connection {
            case .refused: "connection refused"
            case .reset: "connection reset by the server"
            case .closed: "connection closed by the server"
            case .hostUnreachable: "host unreachable"
            case .networkUnreachable: "network unreachable"
            case .failed(let host, let port): "cannot connect to \(host):\(port)"
            case .system(let code, let message): "\(message) (errno \(code))"
            }
        case .status(let code): "HTTP \(code)"
        case .notModifiedWithoutValidators: "304 Not Modified to a request without validators"
        case .tooLarge(let limit, let length, let decompressed):
            "body exceeds \(Self.size(limit))" + (decompressed ? " after decompression" : "") + (length.map { " (Content-Length \($0))" } ?? "")
        case .corruptBody(let detail): "corrupt gzip/deflate body (\(detail))"
        case .redirectLoop: "redirect loop"
        case .tooManyRedirects(let limit): "more than \(limit) redirects"
        case .unusableRedirect(let status, let location): "HTTP \(status) to an unusable Location '\(location)'"
        case .redirectWithoutLocation(let status): "HTTP \(status) redirect without a Location header"
        case .cancelled: "cancelled"
        case .malformedResponse(let reason): "not a valid HTTP response (\(reason))"
        case .other(let text): text
        }
    }

    /// `30 s`, `0.5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value)) s" : "\(value) s"
    }

    /// `16 MiB`, `64 KiB`, `1000 bytes`.
    public static func size(_ bytes: Int) -> String {
        if bytes > 0, bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MiB" }
        if bytes > 0, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }
}
