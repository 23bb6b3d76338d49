internal import CLibXML2

/// Makes links absolute with libxml2's RFC 3986 resolver (`xmlBuildURI`).
enum URIResolver {
    /// `reference` made absolute.
    ///
    /// The base is `base` (the `xml:base` in effect or the document URL) when it is absolute;
    /// a relative `base` is first resolved against `fallback`; with no base, `fallback` (the
    /// channel link) is the base. A reference that is already absolute, or that cannot be
    /// resolved, is returned unchanged.
    static func absolute(_ reference: String, base: String?, fallback: String?) -> String {
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
    static func isAbsolute(_ text: String) -> Bool {
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
    static func resolve(_ reference: String, against base: String) -> String? {
        guard let built = xmlBuildURI(reference, base) else { return nil }
        defer { clibxml2_free(built) }
        return String(cString: built)
    }
}
