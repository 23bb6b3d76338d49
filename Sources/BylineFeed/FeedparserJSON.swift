public import Foundation

/// Prints a document the way feedparser 6.0.14 reads it: its result dictionary as one JSON
/// object, for `byline parse --format feedparser` and for scoring against feedparser's suite.
///
/// Shape (see feedparser's documentation): `bozo` (true when the document is not well-formed
/// XML or its encoding had to be guessed; the content is still recovered), `bozo_exception`
/// (text), `encoding`, `version` (`rss090` … `rss20`, `rss10`, `atom03`, `atom10`, `cdf`,
/// `json1`, or `""`), `namespaces`, `feed`, `entries` (with `*_detail` objects, `links`,
/// `tags`, `authors`, `content`, `enclosures` as links with `rel="enclosure"`, …), and
/// `etag` / `modified` / `headers` from the HTTP response headers. Dates ending in `_parsed`
/// are 9-element UTC arrays as Python's `time.struct_time`; absent values are absent keys.
public enum FeedparserJSON {
    /// Parses `data` and returns feedparser's result shape as compact JSON text.
    ///
    /// - Parameters:
    ///   - data: the document bytes as served.
    ///   - headers: HTTP response headers (name, value) in order; `Content-Type` (media type
    ///     and charset, RFC 3023), `Content-Location` (base URI), `Content-Language`, `ETag`
    ///     and `Last-Modified` are read. Names are matched case-insensitively.
    ///   - url: the document's URL, the base URI when no `Content-Location` overrides it.
    ///   - options: size and depth limits, as for ``FeedParser``.
    /// - Returns: one JSON object. Never throws: a document that cannot be read gives
    ///   `bozo: true` with the reason in `bozo_exception` and empty `feed` and `entries`.
    public static func render(_ data: Data, headers: [(String, String)] = [], url: String? = nil,
                              options: FeedParser.Options = .init()) -> String {
        var out = ""
        FPValue.dict(result(data, headers: headers, url: url, options: options)).writeJSON(into: &out)
        return out
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
        func fail(_ message: String) -> FPDict {
            result["bozo"] = .bool(true)
            result["bozo_exception"] = .string(message)
            result["feed"] = .dict(FPDict())
            result["entries"] = .list(FPList())
            if !result.has("encoding") { result["encoding"] = .string("utf-8") }
            result["version"] = .string("")
            return result
        }
        guard data.count <= options.maxBytes else {
            return fail("document too large: \(data.count) bytes, limit \(options.maxBytes)")
        }
        var bozo: String?
        let decoded = EncodingDecider.decode(data, contentType: h["content-type"])
        result["encoding"] = .string(decoded.encoding)
        if let problem = decoded.problem { bozo = problem }

        if let json = FeedparserJSONFeed.parse(decoded.utf8) {
            for k in json.keys { result[k] = json[k] }
            result["encoding"] = .string(decoded.encoding)
            return result
        }

        var normalizer = ByteNormalizer()
        normalizer.feedparserCompatible = true
        normalizer.decodedAlready = true
        switch normalizer.run(Data(decoded.utf8), contentType: nil) {
        case .empty: return fail("document is empty")
        case .notMarkup(let reason): return fail(reason)
        case .markup: break
        }
        if bozo == nil, let w = normalizer.warnings.first { bozo = w }
        if bozo == nil, let name = normalizer.firstHTMLEntity { bozo = "undefined entity &\(name);" }
        let bytes = normalizer.bytes
        var scan = AttributeScan(limit: options.maxAttributes)
        if let line = bytes.withUnsafeBufferPointer({ scan.scan($0) }) {
            return fail(FeedError.tooManyAttributes(line: line, limit: options.maxAttributes).description)
        }

        let contentLocation = h["content-location"] ?? ""
        let href = url ?? ""
        var baseuri = FeedparserBuilder.safeAbsolute(href, contentLocation)
        if baseuri.isEmpty { baseuri = FeedparserBuilder.safeAbsolute(contentLocation, nil) }
        if baseuri.isEmpty { baseuri = href }
        let baselang = h["content-language"]

        _ = libxml2Ready
        var builder = FeedparserBuilder(baseuri: baseuri, baselang: baselang)
        let declared = safeEntities(bytes)
        builder.entities = declared
        let strict = FeedparserReader.walk(bytes, url: nil, recover: false, maxDepth: options.maxDepth, into: builder)
        if strict.fatal {
            bozo = bozo ?? strict.message.map { strict.line > 0 ? "line \(strict.line): \($0)" : $0 } ?? "not well-formed"
            if strict.message?.hasPrefix("elements nested") != true {
                let recovered = FeedparserBuilder(baseuri: baseuri, baselang: baselang)
                recovered.entities = declared
                _ = FeedparserReader.walk(bytes, url: nil, recover: true, maxDepth: options.maxDepth, into: recovered)
                if recovered.entries.items.count >= builder.entries.items.count { builder = recovered }
            }
        } else if strict.errorCount > 0, bozo == nil {
            bozo = strict.message.map { strict.line > 0 ? "line \(strict.line): \($0)" : $0 }
        }
        if let bozo {
            result["bozo"] = .bool(true)
            result["bozo_exception"] = .string(bozo)
        }
        result["feed"] = .dict(builder.feeddata)
        result["entries"] = .list(builder.entries)
        result["version"] = .string(doctypeVersion(bytes) ?? builder.version)
        result["namespaces"] = .dict(builder.namespacesInUse)
        return result
    }

    /// Entities the internal DTD subset declares with a plain value or one character
    /// reference (feedparser's `RE_SAFE_ENTITY_PATTERN`); others are never expanded.
    static func safeEntities(_ bytes: [UInt8]) -> [String: String] {
        guard let start = bytes.firstIndex(of: UInt8(ascii: "[")), start < 4096,
              bytes.prefix(start).starts(with: Array("<".utf8)) else { return [:] }
        let head = String(decoding: bytes.prefix(8192), as: UTF8.self)
        guard head.contains("<!ENTITY") else { return [:] }
        var result: [String: String] = [:]
        let regex = try! NSRegularExpression(pattern: #"<!ENTITY\s+(\w+)\s+"(&#\w+;|[^&"]*)""#)
        let ns = head as NSString
        for m in regex.matches(in: head, range: NSRange(location: 0, length: ns.length)) {
            var value = ns.substring(with: m.range(at: 2))
            if value.hasPrefix("&#"), let scalar = value.dropFirst(2).dropLast().lowercased().hasPrefix("x")
                ? UInt32(value.dropFirst(3).dropLast(), radix: 16) : UInt32(value.dropFirst(2).dropLast()),
               let u = Unicode.Scalar(scalar) {
                value = String(Character(u))
            }
            result[ns.substring(with: m.range(at: 1))] = value
        }
        return result
    }

    /// `rss091n` when the DOCTYPE names Netscape (feedparser's `replace_doctype`).
    static func doctypeVersion(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(2048)
        guard let text = String(bytes: head, encoding: .utf8) ?? String(validating: head.prefix(1024), as: UTF8.self),
              let r = text.range(of: "<!DOCTYPE", options: .caseInsensitive) else { return nil }
        let rest = text[r.upperBound...].prefix { $0 != ">" }
        return rest.lowercased().contains("netscape") ? "rss091n" : nil
    }
}

/// `xmlInitParser()` once.
let libxml2Ready: Bool = {
    FeedparserLibXML.initialize()
    return true
}()
