/// Escaping for the HTML report: every string from a feed goes through here.
///
/// Text and attribute values are escaped for HTML 5 (`&`, `<`, `>`, `"`, `'`), so a title
/// with `<script>`, `"onmouseover=` or `</svg>` renders as text in an element, an attribute
/// or inline SVG alike; C0 control characters other than tab, line feed and carriage return,
/// and noncharacters that XML forbids (U+FFFE, U+FFFF), become U+FFFD, since inline SVG is
/// parsed by the HTML parser but exported as XML. Links are kept only with an `http` or `https`
/// scheme (WHATWG URL: the scheme is matched case-insensitively after leading C0 controls and
/// spaces, which browsers strip), so `javascript:`, `data:` and `vbscript:` never become links.
public enum HTML {
    /// `text` escaped for an element's content or a quoted attribute value.
    public static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            case "\t", "\n", "\r": out.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out.append("\u{FFFD}")
                } else {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }

    /// The link to use for `url`, escaped for an `href`, or nil when it is not an absolute
    /// `http:` or `https:` URL (then the report shows no link).
    public static func safeLink(_ url: String?) -> String? {
        guard let url else { return nil }
        // Browsers strip leading and trailing C0 controls and spaces, and remove tabs and
        // newlines anywhere, before reading the scheme: a link with any of them is refused.
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), url.count > 8 else { return nil }
        return escape(url)
    }
}
