import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import NIOSSL
import Synchronization

/// Pulls feeds over HTTP(S): conditional GET, redirects, timeouts, a body size limit,
/// gzip/deflate, and per-host politeness.
///
/// One `Fetcher` owns one `HTTPClient` (and its connection pool); make one per run, share it
/// across tasks, and call ``shutdown()`` before dropping it.
///
/// Rules applied to every pull:
/// - Conditional GET: the stored validators go out as `If-None-Match` and `If-Modified-Since`
///   (RFC 9110 §13.1); a 304 is ``FetchResult/Outcome/notModified``. A 304 to a request that
///   sent neither (no validator stored) fails with ``FetchFailure/notModifiedWithoutValidators``.
/// - Redirects (301, 302, 303, 307, 308) are followed here (not by the HTTP client) up to
///   ``FetchSettings/maxRedirects``, each hop listed in ``FetchResult/redirects`` so that the
///   caller can tell a permanent move (301/308) from a temporary one (RFC 9110 §15.4);
///   ``FetchResult/finalURL`` is the last target. A cycle fails the pull.
/// - Timeouts: ``FetchSettings/connectTimeout`` for the connection, and
///   ``FetchSettings/totalTimeout`` for everything from the request to the last body byte.
/// - Size: the body is counted while it streams (after decoding) and the pull fails as soon as
///   it passes ``FetchSettings/maxBodyBytes``; the inflater is capped at the same size, so a
///   compression bomb fails only its own pull.
/// - `Accept-Encoding: gzip, deflate`; the body in the result is always decoded.
/// - Any status other than 2xx and 304 fails with ``FetchFailure/status(_:)`` (`HTTP <code>`).
/// - Every failure is a ``FetchFailure``: timeout, DNS, TLS, connection, status, size, redirects.
/// - At most ``FetchSettings/maxConcurrent`` pulls run at once, at most
///   ``FetchSettings/perHostLimit`` to one host name.
public final class Fetcher: Sendable {
    /// The settings this fetcher was made with.
    public let settings: FetchSettings

    private let client: HTTPClient
    private let logger: Logger
    private let gate: RequestGate
    private let now: @Sendable () -> Date

    /// The `Accept` header: feed types first, then any XML, then anything (servers that ignore
    /// it are common, and the parser sniffs the body anyway).
    static let accept =
        "application/rss+xml, application/atom+xml, application/feed+json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"

    /// Creates a fetcher and its HTTP client.
    ///
    /// - Parameters:
    ///   - settings: Timeouts (seconds), limits and `User-Agent`.
    ///   - logger: Receives one `info` line per pull (URL, outcome, status, bytes, seconds, error).
    ///   - now: The clock that stamps ``FetchResult/startedAt`` and reads `Retry-After` dates
    ///     (the system clock by default; a scheduler on a test clock passes its own).
    public init(
        settings: FetchSettings = .init(), logger: Logger = Logger(label: "byline.fetch"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.now = now
        self.settings = settings
        self.logger = logger
        self.gate = RequestGate(maxConcurrent: settings.maxConcurrent, perHost: settings.perHostLimit)
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, settings.perHostLimit))
        // A refused or unreachable feed host fails its pull at once instead of being retried
        // until the connect timeout; the next scheduled pull is the retry.
        pool.retryConnectionEstablishment = false
        let configuration = HTTPClient.Configuration(
            // Redirects are followed here, not by the client, so that each hop's status is known:
            // a permanent move (301/308) is remembered by the pipeline, a temporary one is not.
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: Self.timeAmount(settings.connectTimeout),
                read: Self.timeAmount(settings.totalTimeout)),
            connectionPool: pool,
            decompression: .enabled(limit: .size(max(0, settings.maxBodyBytes)))
        )
        self.client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: configuration,
            backgroundActivityLogger: logger)
    }

    /// Pulls one feed.
    ///
    /// Waits for a free slot (overall and for the URL's host) first; ``FetchResult/startedAt``
    /// and ``FetchResult/elapsed`` measure the pull itself, not the wait.
    ///
    /// - Parameter request: The URL and stored validators.
    /// - Returns: The result; never throws: failures are ``FetchResult/Outcome/failed`` results
    ///   with their ``FetchResult/failure``.
    public func fetch(_ request: FetchRequest) async -> FetchResult {
        let host = Self.hostKey(request.url)
        await gate.acquire(host: host)
        let result = await fetchNow(request)
        await gate.release(host: host)
        logger.info(
            "pull",
            metadata: [
                "url": "\(request.url)",
                "outcome": "\(result.outcome)",
                "status": "\(result.statusCode.map(String.init) ?? "-")",
                "bytes": "\(result.bytes)",
                "seconds": "\(String(format: "%.3f", result.elapsed))",
                "error": "\(result.error ?? "")",
            ])
        return result
    }

    /// Pulls many feeds concurrently, within ``FetchSettings/maxConcurrent`` overall and
    /// ``FetchSettings/perHostLimit`` per host.
    ///
    /// - Parameters:
    ///   - requests: The feeds to pull.
    ///   - onResult: Called once per request as it finishes, with its index in `requests`
    ///     (for progress); calls come one at a time, in finishing order.
    /// - Returns: One result per request, in the order of `requests`.
    public func fetchAll(
        _ requests: [FetchRequest],
        onResult: @Sendable (Int, FetchResult) async -> Void = { _, _ in }
    ) async -> [FetchResult] {
        var results = [FetchResult?](repeating: nil, count: requests.count)
        await withTaskGroup(of: (Int, FetchResult).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask { (index, await self.fetch(request)) }
            }
            for await (index, result) in group {
                results[index] = result
                await onResult(index, result)
            }
        }
        return zip(requests, results).map { request, result in
            result ?? FetchResult(
                outcome: .failed, finalURL: request.url, failure: .cancelled, startedAt: now(), elapsed: 0)
        }
    }

    /// Closes the connection pool; call once when done, before the fetcher is released.
    ///
    /// - Throws: The HTTP client's error when it was already shut down.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    // MARK: - One pull

    private func fetchNow(_ request: FetchRequest) async -> FetchResult {
        let startedAt = now()
        let clock = ContinuousClock()
        let start = clock.now
        var result: FetchResult
        if !Self.isHTTPURL(request.url) {
            result = FetchResult(outcome: .failed, finalURL: request.url, failure: .notHTTP, startedAt: startedAt, elapsed: 0)
        } else {
            let deadline = NIODeadline.now() + Self.timeAmount(settings.totalTimeout)
            let total = settings.totalTimeout
            let progress = Progress(url: request.url)
            let finished: FetchResult? = await withTaskGroup(of: FetchResult?.self) { group in
                group.addTask { await self.attempt(request, deadline: deadline, progress: progress) }
                group.addTask {
                    // Not `Task.sleep`: cancelled when the pull ends, its timer is freed at once.
                    await LoopTimer.wait(seconds: total, on: self.client.eventLoopGroup.next())
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            if let finished {
                result = finished
            } else {
                let failure: FetchFailure = Task.isCancelled ? .cancelled : .timedOut(seconds: total)
                // What arrived before the time ran out: a slow body's bytes, its status.
                let seen = progress.state.withLock { $0 }
                result = FetchResult(outcome: .failed, finalURL: seen.url, failure: failure, startedAt: startedAt, elapsed: 0)
                result.statusCode = seen.status
                result.bytes = seen.bytes
            }
        }
        result.startedAt = startedAt
        let duration = clock.now - start
        result.elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return result
    }

    /// What a pull has received so far (the URL it is at, the final response's status, body
    /// bytes), kept outside the task that receives it: when the total timeout ends that task,
    /// its result is lost, and the timed-out result is built from this.
    final class Progress: Sendable {
        let state: Mutex<(url: String, status: Int?, bytes: Int)>

        init(url: String) {
            state = Mutex((url, nil, 0))
        }
    }

    private func attempt(_ request: FetchRequest, deadline: NIODeadline, progress: Progress) async -> FetchResult {
        var result = FetchResult(outcome: .failed, finalURL: request.url, startedAt: now(), elapsed: 0)
        var url = request.url
        var visited: Set<String> = [url]
        do {
            while true {
                var http = HTTPClientRequest(url: url)
                http.method = .GET
                http.headers.add(name: "User-Agent", value: settings.userAgent)
                http.headers.add(name: "Accept", value: Self.accept)
                http.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
                if let etag = request.etag {
                    http.headers.add(name: "If-None-Match", value: etag)
                }
                if let lastModified = request.lastModified {
                    http.headers.add(name: "If-Modified-Since", value: lastModified)
                }
                let response = try await client.execute(http, deadline: deadline, logger: logger)
                let code = Int(response.status.code)
                if Self.redirectCodes.contains(code) {
                    _ = try? await response.body.collect(upTo: 64 * 1024)
                    // No Location, or an empty one (RFC 9110 §10.2.2): nowhere to go, and not
                    // the status of a feed that answered.
                    guard let location = response.headers.first(name: "Location"),
                          !location.trimmingCharacters(in: .whitespaces).isEmpty else {
                        result.statusCode = code
                        result.failure = .redirectWithoutLocation(status: code)
                        return result
                    }
                    guard let target = Self.resolve(location, against: url) else {
                        result.statusCode = code
                        result.failure = .unusableRedirect(status: code, location: Self.oneLine(location))
                        return result
                    }
                    result.redirects.append(FetchResult.Redirect(statusCode: code, from: url, to: target))
                    if result.redirects.count > settings.maxRedirects {
                        result.statusCode = code
                        result.failure = .tooManyRedirects(limit: settings.maxRedirects)
                        return result
                    }
                    guard visited.insert(target).inserted else {
                        result.statusCode = code
                        result.failure = .redirectLoop
                        return result
                    }
                    url = target
                    result.finalURL = target
                    continue
                }
                result.finalURL = url
                result.statusCode = code
                progress.state.withLock { $0 = (url, code, 0) }
                result.etag = response.headers.first(name: "ETag")
                result.lastModified = response.headers.first(name: "Last-Modified")
                result.contentType = response.headers.first(name: "Content-Type")
                result.retryAfter = response.headers.first(name: "Retry-After").flatMap { Self.retryAfterSeconds($0, now: now()) }
                result.maxAge = Self.maxAge(response.headers["Cache-Control"])
                switch code {
                case 304 where request.etag == nil && request.lastModified == nil:
                    // Nothing was asked about: "not modified" since nothing (RFC 9110 §15.4.5).
                    result.failure = .notModifiedWithoutValidators
                    _ = try? await response.body.collect(upTo: 64 * 1024)
                case 304:
                    result.outcome = .notModified
                    _ = try? await response.body.collect(upTo: 64 * 1024)
                case 200..<300:
                    let limit = settings.maxBodyBytes
                    let encoded = response.headers.first(name: "Content-Encoding").map { !$0.isEmpty && $0.lowercased() != "identity" } ?? false
                    if !encoded, let length = response.headers.first(name: "Content-Length").flatMap({ Int($0) }), length > limit {
                        result.failure = .tooLarge(limit: limit, contentLength: length, afterDecompression: false)
                        return result
                    }
                    var body: [UInt8] = []
                    for try await buffer in response.body {
                        result.bytes += buffer.readableBytes
                        progress.state.withLock { $0.bytes = result.bytes }
                        if result.bytes > limit {
                            result.failure = .tooLarge(limit: limit, contentLength: nil, afterDecompression: false)
                            return result
                        }
                        body.append(contentsOf: buffer.readableBytesView)
                    }
                    result.body = body
                    result.outcome = .fetched
                default:
                    result.failure = .status(code)
                    _ = try? await response.body.collect(upTo: 64 * 1024)
                }
                return result
            }
        } catch {
            result.failure = failure(error)
        }
        return result
    }

    /// The statuses followed as redirects (RFC 9110 §15.4); 300 and 305 are not.
    static let redirectCodes: Set<Int> = [301, 302, 303, 307, 308]

    /// `location` resolved against `base` (RFC 9110 §10.2.2 allows a relative reference), when
    /// the result is an absolute `http`/`https` URL.
    static func resolve(_ location: String, against base: String) -> String? {
        let trimmed = location.trimmingCharacters(in: .whitespaces)
        guard let target = URL(string: trimmed, relativeTo: URL(string: base))?.absoluteURL.absoluteString,
              isHTTPURL(target) else { return nil }
        return target
    }

    /// The `max-age` of `Cache-Control` values in seconds (RFC 9111 §5.2.2.1), or `nil` when
    /// absent or unreadable; `no-cache`/`no-store` do not shorten anything (they are not a
    /// lower bound).
    static func maxAge(_ values: [String]) -> Double? {
        for value in values {
            for directive in value.split(separator: ",") {
                let parts = directive.split(separator: "=", maxSplits: 1)
                guard parts.count == 2,
                      parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "max-age" else { continue }
                let number = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if let seconds = Int(number), seconds >= 0 { return Double(seconds) }
            }
        }
        return nil
    }

    // MARK: - Errors

    /// What a thrown error means for the pull.
    func failure(_ error: any Error) -> FetchFailure {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .timedOut(seconds: settings.totalTimeout)
            case .connectTimeout, .tlsHandshakeTimeout:
                return .connectTimedOut(seconds: settings.connectTimeout)
            case .redirectLimitReached:
                return .tooManyRedirects(limit: settings.maxRedirects)
            case .redirectCycleDetected:
                return .redirectLoop
            case .remoteConnectionClosed:
                return .connection(.closed)
            case .cancelled:
                return .cancelled
            default:
                return .other(error.shortDescription)
            }
        }
        if let error = error as? NIOHTTPDecompression.DecompressionError {
            switch error {
            case .limit:
                return .tooLarge(limit: settings.maxBodyBytes, contentLength: nil, afterDecompression: true)
            case .inflationError(let code):
                return .corruptBody("zlib error \(code)")
            case .initializationError(let code):
                return .other("cannot start gzip/deflate decoding (zlib error \(code))")
            }
        }
        if error is NIOHTTPDecompression.ExtraDecompressionError {
            return .corruptBody("\(error)")
        }
        if let error = error as? NIOSSLError {
            return .tls(Self.oneLine(Self.tlsWords(error)))
        }
        if error is NIOSSLExtraError || error is BoringSSLError {
            let reasons = Self.tlsReasons(String(describing: error))
            return .tls(Self.oneLine(reasons.isEmpty ? String(describing: error) : reasons))
        }
        if let error = error as? IOError {
            return Self.failure(errno: error.errnoCode)
        }
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return .dns(host: error.host)
            }
            if let io = error.connectionErrors.lazy.compactMap({ $0.error as? IOError }).first {
                return Self.failure(errno: io.errnoCode)
            }
            return .connection(.failed(host: error.host, port: error.port))
        }
        if let error = error as? HTTPParserError {
            return .malformedResponse(Self.parserReason(error))
        }
        if let error = error as? ChannelError, case .ioOnClosedChannel = error {
            return .connection(.closed)
        }
        if error is CancellationError {
            return .cancelled
        }
        return .other(Self.oneLine(String(describing: error)))
    }

    /// What the HTTP/1.1 parser found wrong, in words (llhttp's codes, as NIOHTTP1 passes them on).
    static func parserReason(_ error: HTTPParserError) -> String {
        switch error {
        case .invalidConstant, .invalidVersion, .invalidStatus: "no HTTP status line"
        case .invalidHeaderToken: "a header with a character headers cannot contain"
        case .headerOverflow: "more header bytes than allowed"
        case .invalidContentLength, .unexpectedContentLength: "a wrong Content-Length"
        case .invalidChunkSize: "a wrong chunk size"
        case .invalidEOFState: "the reply ended early"
        default: String(describing: error)
        }
    }

    /// The TLS library's error in a few words: `handshake failed (wrong version number)`, the
    /// BoringSSL reasons without their source paths.
    static func tlsWords(_ error: NIOSSLError) -> String {
        switch error {
        case .handshakeFailed(let reason):
            let reasons = tlsReasons(String(describing: reason))
            return reasons.isEmpty ? "handshake failed" : "handshake failed (\(reasons))"
        case .uncleanShutdown:
            return "connection closed during the handshake"
        default:
            let reasons = tlsReasons(String(describing: error))
            return reasons.isEmpty ? String(describing: error) : reasons
        }
    }

    /// The reasons of a BoringSSL error stack (`error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER`
    /// -> `wrong version number`), joined with `; `.
    static func tlsReasons(_ text: String) -> String {
        let pattern = try! NSRegularExpression(pattern: #"error:[0-9A-Fa-f]+:[^:]*:[^:]*:([A-Z0-9_]+)"#)
        let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
        return matches.compactMap { Range($0.range(at: 1), in: text).map { text[$0].lowercased().replacingOccurrences(of: "_", with: " ") } }
            .joined(separator: "; ")
    }

    /// The failure a socket error stands for.
    static func failure(errno code: CInt) -> FetchFailure {
        switch code {
        case ECONNREFUSED: .connection(.refused)
        case ECONNRESET: .connection(.reset)
        case EHOSTUNREACH: .connection(.hostUnreachable)
        case ENETUNREACH: .connection(.networkUnreachable)
        case ETIMEDOUT: .connectTimedOut(seconds: nil)
        case EPIPE: .connection(.closed)
        default: .connection(.system(errno: code, message: String(cString: strerror(code))))
        }
    }

    static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 300 ? String(flat.prefix(297)) + "..." : flat
    }

    // MARK: - Helpers

    /// Seconds from `now` given by a `Retry-After` value: delay-seconds (`"120"`) or an IMF-fixdate
    /// (`"Sun, 19 Sep 2021 08:30:00 GMT"`, RFC 9110 §5.6.7); a date in the past gives 0.
    static func retryAfterSeconds(_ value: String, now: Date = Date()) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text) {
            return seconds >= 0 ? Double(seconds) : nil
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// The host a URL's pulls are counted under for ``FetchSettings/perHostLimit``: its host name
    /// in lower case, or the whole string when it has none.
    public static func hostKey(_ url: String) -> String {
        URL(string: url)?.host?.lowercased() ?? url
    }

    static func isHTTPURL(_ url: String) -> Bool {
        OutletListReader.isHTTPURL(url)
    }

    static func timeAmount(_ seconds: Double) -> TimeAmount {
        .nanoseconds(Int64(max(0, seconds) * 1_000_000_000))
    }
}
