internal import CLibXML2

/// Makes links absolute with libxml2's RFC 3986 resolver (`xmlBuildURI`).
package enum URIResolver {
    /// `reference` made absolute.
    ///
    /// The base is `base` (the `xml:base` in effect or the document URL) when it is absolute;
    /// a relative `base` is first resolved against `fallback`; with no base, `fallback` (the
    /// channel link) is the base. A reference that is already absolute, or that cannot be
    /// resolved, is returned unchanged.
    package static func absolute(_ reference: String, base: String?, fallback: String?) -> String {
        if isAbsolute(reference) { return reference }
        var effective: String?
        if let base {
            if isAbsolute(base) {
                effective = base
            } else if let fallback, isAbsolute(fallback) {
                effective = resolve(base, against: fallback)
            }
        } else if let fallback, isAbsolute(fallback) {
            effective = fallback
        }
        guard let effective else { return reference }
        return resolve(reference, against: effective) ?? reference
    }

    /// Whether `text` starts with a URI scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
    package static func isAbsolute(_ text: String) -> Bool {
        var first = true
        for b in text.utf8 {
            let isAlpha = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
            if first {
                guard isAlpha else { return false }
                first = false
                continue
            }
            if b == 0x3A { return true }
            let ok = isAlpha || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
            if !ok { return false }
        }
        return false
    }

    /// RFC 3986 §5.2 resolution through `xmlBuildURI`; nil when libxml2 cannot parse either.
    ///
    /// libxml2's URI parser refuses characters outside RFC 3986 (non-ASCII letters, spaces,
    /// `"<>\\^`{|}`), which real feeds use unescaped (an IRI, as Python's `urljoin` accepts).
    /// Such references are percent-encoded for the join and decoded again afterwards, so `À`
    /// against `http://any.test/` gives `http://any.test/À` (feedparser's behaviour).
    package static func resolve(_ reference: String, against base: String) -> String? {
        if !needsEscape(reference) && !needsEscape(base) { return build(reference, base) }
        guard let joined = build(escape(reference), escape(base)) else { return nil }
        return unescape(joined)
    }

    /// `xmlBuildURI(reference, base)` as is (no escaping); nil when libxml2 cannot parse either.
    static func build(_ reference: String, _ base: String) -> String? {
        guard let built = xmlBuildURI(reference, base) else { return nil }
        defer { clibxml2_free(built) }
        return String(cString: built)
    }

    /// A document URL as libxml2 records it for a document (`xmlPathToURI`: kept when it parses
    /// as a URI, else escaped as a path); nil when libxml2 gives nothing.
    static func pathToURI(_ url: String) -> String? {
        guard let converted = xmlPathToURI(url) else { return nil }
        defer { clibxml2_free(converted) }
        return String(cString: converted)
    }

    /// Whether `byte` is one libxml2's URI parser rejects (and that ``escape(_:)`` encodes).
    private static func isUnsafe(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte <= 0x20 || byte == 0x22 || byte == 0x3C || byte == 0x3E || byte == 0x5C
            || byte == 0x5E || byte == 0x60 || byte == 0x7B || byte == 0x7C || byte == 0x7D
    }

    private static func needsEscape(_ text: String) -> Bool { text.utf8.contains(where: isUnsafe) }

    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Unsafe bytes as `%XX`, and every `%` as `%25`, so that afterwards every `%XX` other than
    /// `%25` is one this function wrote.
    private static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for b in text.utf8 {
            if b == 0x25 || isUnsafe(b) {
                out += [0x25, hex[Int(b >> 4)], hex[Int(b & 15)]]
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The inverse of ``escape(_:)``.
    private static func unescape(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x41 + 10
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, let h = value(bytes[i + 1]), let l = value(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
