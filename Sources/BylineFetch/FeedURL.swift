import Foundation

/// How Byline tells whether two spellings of a feed URL name one feed.
public enum FeedURL {
    /// `url` in the form that two spellings of one resource share, by RFC 3986's syntax-based
    /// normalisation (section 6.2.2) and, for `http` and `https`, its scheme-based one (6.2.3):
    /// scheme and host lower-cased, the hex digits of percent-escapes upper-cased and escaped
    /// unreserved characters (`A-Z a-z 0-9 - . _ ~`) decoded, `.` and `..` path segments removed,
    /// the default port (80, 443) dropped, an empty path made `/`, and the fragment removed (it is
    /// never sent to the server). `HTTP://Example.com:80/a/./b.xml#top` →
    /// `http://example.com/a/b.xml`. The query is kept (it may choose another feed).
    ///
    /// - Parameter url: An absolute URL as written in a config.
    /// - Returns: The normalised URL; `url` itself when it has no scheme and host.
    public static func comparable(_ url: String) -> String {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
              let host = parts.percentEncodedHost else { return url }
        var out = scheme + "://"
        if let user = parts.percentEncodedUser {
            out += percentNormalised(user) + (parts.percentEncodedPassword.map { ":" + percentNormalised($0) } ?? "") + "@"
        }
        out += percentNormalised(host).lowercased()
        if let port = parts.port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) {
            out += ":\(port)"
        }
        let path = removingDotSegments(percentNormalised(parts.percentEncodedPath))
        out += path.isEmpty ? "/" : path
        if let query = parts.percentEncodedQuery { out += "?" + percentNormalised(query) }
        return out
    }

    /// `text` with percent-escapes of unreserved characters decoded and the others' hex digits
    /// upper-cased (RFC 3986 sections 6.2.2.1 and 6.2.2.2).
    static func percentNormalised(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 65...70: byte - 55
            case 97...102: byte - 87
            default: nil
            }
        }
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                let value = high << 4 | low
                let unreserved = (65...90).contains(value) || (97...122).contains(value) || (48...57).contains(value)
                    || value == UInt8(ascii: "-") || value == UInt8(ascii: ".") || value == UInt8(ascii: "_") || value == UInt8(ascii: "~")
                if unreserved {
                    out.append(value)
                } else {
                    out += Array(String(format: "%%%02X", value).utf8)
                }
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `path` without `.` and `..` segments (RFC 3986 section 5.2.4).
    static func removingDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            let last = index == segments.count - 1
            if segment == "." {
                if last { output.append("") }
            } else if segment == ".." {
                if output.count > 1 { output.removeLast() }
                if last { output.append("") }
            } else {
                output.append(segment)
            }
        }
        return output.joined(separator: "/")
    }
}
