import BylineFeed
import Foundation

/// feedparser's URI rules (`urls.py`): its join, and the schemes it lets through.
enum FeedparserURI {
    /// feedparser's `ACCEPTABLE_URI_SCHEMES`.
    static let acceptableSchemes: Set<String> = [
        "file", "ftp", "gopher", "h323", "hdl", "http", "https", "imap", "magnet", "mailto", "mms",
        "news", "nntp", "prospero", "rsync", "rtsp", "rtspu", "sftp", "shttp", "sip", "sips", "snews",
        "svn", "svn+ssh", "telnet", "wais", "aim", "callto", "cvs", "facetime", "feed", "git", "gtalk",
        "irc", "ircs", "irc6", "itms", "msnim", "skype", "ssh", "smb", "ymsg",
    ]

    /// feedparser's `_urljoin`: collapses extra slashes after `scheme://`, then RFC 3986 joins.
    static func urljoin(_ base: String, _ uriIn: String) -> String {
        var uri = uriIn
        if let r = uri.range(of: "://") {
            let scheme = uri[..<r.lowerBound]
            if let f = scheme.first, f.isASCII, f.isLetter,
               scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) {
                var rest = uri[r.upperBound...]
                while rest.first == "/" { rest = rest.dropFirst() }
                uri = String(scheme) + "://" + rest
            }
        }
        if base.isEmpty { return uri }
        if uri.isEmpty { return base }
        if URIResolver.isAbsolute(uri) { return uri }
        return URIResolver.resolve(uri, against: base) ?? uri
    }

    /// The lower-cased scheme of an absolute URI.
    static func scheme(_ uri: String) -> String? {
        guard URIResolver.isAbsolute(uri), let c = uri.firstIndex(of: ":") else { return nil }
        return uri[..<c].lowercased()
    }

    /// feedparser's `make_safe_absolute_uri`: joined, and empty unless the scheme is acceptable.
    static func safeAbsolute(_ base: String, _ rel: String?) -> String {
        if base.isEmpty { return rel ?? "" }
        guard let rel, !rel.isEmpty else {
            if let s = scheme(base), !acceptableSchemes.contains(s) { return "" }
            return base
        }
        let uri = urljoin(base, rel)
        let head = uri.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            .first.map(String.init) ?? ""
        if !acceptableSchemes.contains(head) { return "" }
        return uri
    }
}

extension String {
    /// Python's `str.strip()`: trims Unicode whitespace at both ends.
    func pyStrip() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, Self.isPySpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, Self.isPySpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return self }
        return String(scalars[start..<end])
    }

    static func isPySpace(_ u: Unicode.Scalar) -> Bool {
        (u.value >= 0x09 && u.value <= 0x0D) || (u.value >= 0x1C && u.value <= 0x20) || u.value == 0x85
            || u.properties.isWhitespace
    }
}
