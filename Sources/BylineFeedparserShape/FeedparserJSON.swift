public import BylineFeed
public import Foundation

/// Prints what Byline's parser reads from a document in the shape of feedparser 6.0.14's
/// result dictionary, as one JSON object: `byline parse --format feedparser`, and what the
/// feedparser conformance suite scores.
///
/// Nothing is parsed here: the document goes through ``FeedParser`` (the same SAX2 pass,
/// encoding decider and date parser as `pull` and `import`) with ``FeedParser/Options/detail``
/// set, and ``Feed`` with its ``FeedDetail`` is printed. What is feedparser's own is only its
/// printing: key names and aliases, `*_detail` objects, `author` strings, HTML values
/// re-serialised and sanitised as feedparser does (``FeedparserHTML``), dates as
/// `time.struct_time` arrays.
///
/// Shape (see feedparser's documentation): `bozo` (true when the document is not well-formed
/// XML or its encoding had to be overridden; the content is still read), `bozo_exception`
/// (text), `encoding`, `version` (`rss090` … `rss20`, `rss10`, `atom03`, `atom10`, `json1`, or
/// `""`), `namespaces`, `feed`, `entries` (with `*_detail` objects, `links`, `tags`,
/// `authors`, `content`, enclosures as links with `rel="enclosure"`, …), and `etag` /
/// `modified` / `headers` from the HTTP response headers. Dates ending in `_parsed` are
/// 9-element UTC arrays as Python's `time.struct_time`; absent values are absent keys.
public enum FeedparserJSON {
    /// Parses `data` and returns feedparser's result shape as compact JSON text.
    ///
    /// - Parameters:
    ///   - data: the document bytes as served.
    ///   - headers: HTTP response headers (name, value) in order; `Content-Type` (media type
    ///     and charset, RFC 3023), `Content-Location` (base URI), `Content-Language`, `ETag`
    ///     and `Last-Modified` are read. Names are matched case-insensitively.
    ///   - url: the document's URL, the base URI when no `Content-Location` overrides it.
    ///   - options: size and depth limits, as for ``FeedParser`` (``FeedParser/Options/detail``
    ///     is set here).
    /// - Returns: one JSON object. Never throws: a document that cannot be read gives
    ///   `bozo: true` with the reason in `bozo_exception` and empty `feed` and `entries`.
    public static func render(_ data: Data, headers: [(String, String)] = [], url: String? = nil,
                              options: FeedParser.Options = .init()) -> String {
        var out: [UInt8] = []
        FPValue.dict(result(data, headers: headers, url: url, options: options)).writeJSON(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func result(_ data: Data, headers: [(String, String)], url: String?, options: FeedParser.Options) -> FPDict {
        let result = FPDict()
        var h: [String: String] = [:]
        let headerDict = FPDict()
        for (k, v) in headers {
            h[k.lowercased()] = v
            headerDict[k.lowercased()] = .string(v)
        }
        result["bozo"] = .bool(false)
        if let etag = h["etag"], !etag.isEmpty { result["etag"] = .string(etag) }
        if let modified = h["last-modified"], !modified.isEmpty {
            result["modified"] = .string(modified)
            if let t = FeedDate.tuple(modified) { result["modified_parsed"] = .time(t) }
        }
        if let url { result["href"] = .string(url) }
        result["headers"] = .dict(headerDict)

        // feedparser's base URI: Content-Location against the document URL.
        let contentLocation = h["content-location"] ?? ""
        let href = url ?? ""
        var baseuri = FeedparserURI.safeAbsolute(href, contentLocation)
        if baseuri.isEmpty { baseuri = FeedparserURI.safeAbsolute(contentLocation, nil) }
        if baseuri.isEmpty { baseuri = href }

        var parserOptions = options
        parserOptions.detail = true
        let feed: Feed
        do throws(FeedError) {
            feed = try FeedParser(options: parserOptions).parse(data, url: baseuri.isEmpty ? nil : baseuri,
                                                                contentType: h["content-type"],
                                                                contentLanguage: h["content-language"])
        } catch {
            result["bozo"] = .bool(true)
            result["bozo_exception"] = .string(error.description)
            result["encoding"] = .string("utf-8")
            result["version"] = .string("")
            result["feed"] = .dict(FPDict())
            result["entries"] = .list(FPList())
            return result
        }
        let detail = feed.detail ?? FeedDetail(encoding: "utf-8")
        if let problem = detail.problem {
            result["bozo"] = .bool(true)
            result["bozo_exception"] = .string(problem)
        }
        result["encoding"] = .string(detail.encoding)
        let version = Self.version(feed, detail)
        result["version"] = .string(version)
        let printer = FeedparserPrinter(isAtom: version.hasPrefix("atom"), isJSON: feed.format == .json1)
        result["feed"] = .dict(printer.feed(feed, detail, contentLanguage: h["content-language"]))
        result["entries"] = .list(FPList(feed.items.map { .dict(printer.entry($0)) }))
        result["namespaces"] = .dict(Self.namespaces(detail.namespaces))
        return result
    }

    /// feedparser's `version`: from the namespaces declared (Atom 1.0, RSS 1.0, RSS 0.90 as
    /// the default namespace), else from the root and its `version` attribute; `rss091n` when
    /// the DOCTYPE names Netscape.
    static func version(_ feed: Feed, _ detail: FeedDetail) -> String {
        if feed.format == .json1 { return "json1" }
        if detail.netscapeDoctype { return "rss091n" }
        var version = ""
        for ns in detail.namespaces where version.isEmpty {
            let lower = ns.uri.lowercased()
            if ns.prefix == nil && lower == "http://my.netscape.com/rdf/simple/0.9/" { version = "rss090" }
            else if lower == "http://purl.org/rss/1.0/" { version = "rss10" }
            else if lower == "http://www.w3.org/2005/atom" { version = "atom10" }
        }
        switch detail.root?.lowercased() {
        case "rss":
            if version.isEmpty || !version.hasPrefix("rss") {
                let v = detail.declaredVersion ?? ""
                let map = ["0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"]
                if let m = map[v] { version = m } else if v.hasPrefix("2.") { version = "rss20" } else { version = "rss" }
            }
        case "feed":
            if version.isEmpty {
                let map = ["0.1": "atom01", "0.2": "atom02", "0.3": "atom03"]
                version = detail.declaredVersion.flatMap { map[$0] } ?? "atom"
            }
        default:
            break
        }
        return version
    }

    /// feedparser's `namespaces`: each declared URI under its customary prefix, or under the
    /// document's prefix when feedparser does not know it.
    static func namespaces(_ declared: [FeedNamespace]) -> FPDict {
        let d = FPDict()
        for ns in declared where !ns.uri.isEmpty {
            var uri = ns.uri
            if uri.lowercased().contains("backend.userland.com/rss") { uri = "http://backend.userland.com/rss" }
            if let canonical = KnownNamespaces.prefixes[uri.lowercased()] {
                d[canonical] = .string(uri)
            } else {
                d[ns.prefix ?? ""] = .string(uri)
            }
        }
        return d
    }
}
