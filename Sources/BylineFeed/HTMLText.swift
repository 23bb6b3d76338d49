internal import CBylineScan

/// Turns feed text into plain text: HTML stripped, references decoded, whitespace folded.
///
/// A hand-written scanner over UTF-8 bytes, one pass, no regular expressions. Rules:
/// - tags are removed; block-level tags (`p`, `br`, `div`, `li`, `h1`…, `tr`, `td`, ...) and
///   `img` become a space; `script` and `style` elements are dropped with their contents;
///   comments, `<!...>` and `<?...?>` are dropped;
/// - a `<` that starts no tag (`x < y`, `<3`) is kept as text;
/// - character references (`&#8217;`, `&#x2019;`) and HTML named references (`&rsquo;`) are
///   decoded; C1 code points 0x80–0x9F are read as windows-1252 (feedparser's rule); an `&`
///   that starts no known reference is kept as text;
/// - runs of whitespace, including no-break and other Unicode spaces (U+00A0, U+2000–U+200A,
///   U+2028, U+2029, U+202F, U+205F, U+3000), fold to one ASCII space; the result is trimmed.
enum HTMLText {
    /// Plain text from HTML (`markup: true`) or from text that only needs whitespace folding.
    static func plainText(_ bytes: [UInt8], markup: Bool) -> String {
        bytes.withUnsafeBufferPointer { plainText($0, markup: markup) }
    }

    /// Plain text from HTML (`markup: true`) or from text that only needs whitespace folding.
    ///
    /// Text without `<` and `&` (most titles and many descriptions) takes ``folded(_:)-swift.type.method``'s
    /// single pass, whatever `markup` says: with neither byte there is no tag or reference.
    static func plainText(_ p: UnsafeBufferPointer<UInt8>, markup: Bool) -> String {
        if !markup || !hasMarkupBytes(p) { return folded(p) }
        return markupText(p)
    }

    /// Whether `p` holds a `<` or an `&` (sixteen bytes at a time, `byline_has_markup`).
    @inline(__always)
    static func hasMarkupBytes(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return false }
        return byline_has_markup(base, p.count) != 0
    }

    /// Whitespace folded (ASCII and the Unicode spaces of the type's rules) and trimmed, C0
    /// controls other than whitespace dropped, everything else kept byte for byte: the
    /// `markup: false` reading, written straight into the String's storage by `byline_fold`
    /// (runs of plain ASCII copied sixteen bytes at a time).
    static func folded(_ p: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = p.baseAddress, !p.isEmpty else { return "" }
        return String(unsafeUninitializedCapacity: p.count) { out -> Int in
            guard let target = out.baseAddress else { return 0 }
            return byline_fold(base, p.count, target)
        }
    }

    /// The general scanner: tags stripped, references decoded, whitespace folded.
    static func markupText(_ p: UnsafeBufferPointer<UInt8>) -> String {
        let markup = true
        let n = p.count
        var out = [UInt8]()
        out.reserveCapacity(n)
        var pendingSpace = false
        var i = 0
        while i < n {
            let b = p[i]
            // Plain bytes: the common case.
            if b > 0x20 && b < 0x80 && b != 0x3C && b != 0x26 {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(b)
                i += 1
                continue
            }
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                pendingSpace = !out.isEmpty
                i += 1
                continue
            }
            if b >= 0x80 {
                let width = spaceWidth(p, i)
                if width > 0 {
                    pendingSpace = !out.isEmpty
                    i += width
                    continue
                }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(b)
                i += 1
                continue
            }
            if markup && b == 0x3C, let (next, isBlock) = skipTag(p, i) {
                if isBlock { pendingSpace = !out.isEmpty }
                i = next
                continue
            }
            if markup && b == 0x26, let (next, scalar) = decodeReference(p, i) {
                if isSpaceScalar(scalar) {
                    pendingSpace = !out.isEmpty
                } else if scalar != 0 {
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    HTMLEntities.appendUTF8(scalar, to: &out)
                }
                i = next
                continue
            }
            if b < 0x20 { i += 1; continue }  // other control characters
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes as a string with ASCII whitespace trimmed from both ends (nothing else changed).
    static func trimmed(_ bytes: [UInt8]) -> String {
        var start = 0
        var end = bytes.count
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    /// Folds whitespace only (no markup), for Atom `type="text"` and similar.
    static func folded(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { folded($0) } }

    /// Length of a Unicode space character encoded at `i`, or 0.
    @inline(__always)
    static func spaceWidth(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = p[i]
        if b == 0xC2, i + 1 < p.count, p[i + 1] == 0xA0 { return 2 }
        if b == 0xE2, i + 2 < p.count {
            let b1 = p[i + 1], b2 = p[i + 2]
            if b1 == 0x80 && (b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) { return 3 }
            if b1 == 0x81 && b2 == 0x9F { return 3 }
        }
        if b == 0xE3, i + 2 < p.count, p[i + 1] == 0x80, p[i + 2] == 0x80 { return 3 }
        return 0
    }

    @inline(__always)
    static func isSpaceScalar(_ s: UInt32) -> Bool {
        s == 0x20 || s == 0x09 || s == 0x0A || s == 0x0D || s == 0x0C || s == 0xA0
            || (s >= 0x2000 && s <= 0x200A) || s == 0x2028 || s == 0x2029 || s == 0x202F || s == 0x205F
            || s == 0x3000
    }

    @inline(__always)
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// Tag names packed into a UInt64 (lower-cased, at most 8 bytes) for quick comparison.
    static func pack(_ name: String) -> UInt64 {
        var v: UInt64 = 0
        for b in name.utf8.prefix(8) { v = (v << 8) | UInt64(b) }
        return v
    }

    static let blockTags: Set<UInt64> = Set([
        "p", "br", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "tr", "td", "th", "table", "thead", "tbody", "tfoot", "caption", "blockquote", "hr", "pre",
        "section", "article", "header", "footer", "aside", "nav", "figure", "figcaption", "img",
        "address", "main", "center", "form", "fieldset", "iframe", "video", "audio", "object",
        "embed", "option", "select", "textarea", "button", "summary", "details",
    ].map(pack))
    static let scriptTag = pack("script")
    static let styleTag = pack("style")

    /// Skips a tag, comment or declaration starting at `i` (which holds `<`). Returns the
    /// index after it and whether it separates blocks; nil when `<` starts no tag.
    static func skipTag(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Bool)? {
        let n = p.count
        var j = i + 1
        guard j < n else { return nil }
        let c = p[j]
        if c == 0x21 {  // <!
            if j + 2 < n, p[j + 1] == 0x2D, p[j + 2] == 0x2D {  // <!--
                var k = j + 3
                while k + 2 < n {
                    if p[k] == 0x2D && p[k + 1] == 0x2D && p[k + 2] == 0x3E { return (k + 3, false) }
                    k += 1
                }
                return (n, false)
            }
            var k = j
            while k < n && p[k] != 0x3E { k += 1 }
            return (min(k + 1, n), false)
        }
        if c == 0x3F {  // <?
            var k = j
            while k < n && p[k] != 0x3E { k += 1 }
            return (min(k + 1, n), false)
        }
        var closing = false
        if c == 0x2F { closing = true; j += 1 }
        guard j < n, isLetter(p[j]) else { return nil }
        var name: UInt64 = 0
        var length = 0
        while j < n {
            let d = p[j]
            let isNameByte = isLetter(d) || (d >= 0x30 && d <= 0x39) || d == 0x2D || d == 0x3A
            guard isNameByte else { break }
            if length < 8 { name = (name << 8) | UInt64(d | (isLetter(d) ? 0x20 : 0)) }
            length += 1
            j += 1
        }
        if length > 8 { name = 0 }
        // Find the end of the tag, honouring quoted attribute values.
        var quote: UInt8 = 0
        var selfClosing = false
        while j < n {
            let d = p[j]
            if quote != 0 {
                if d == quote { quote = 0 }
            } else if d == 0x22 || d == 0x27 {
                quote = d
            } else if d == 0x3E {
                selfClosing = j > 0 && p[j - 1] == 0x2F
                break
            }
            j += 1
        }
        let end = min(j + 1, n)
        if !closing && !selfClosing && (name == scriptTag || name == styleTag) {
            // Drop everything to the matching close tag.
            let closeName: [UInt8] = name == scriptTag ? Array("</script".utf8) : Array("</style".utf8)
            var k = end
            while k + closeName.count <= n {
                if p[k] == 0x3C {
                    var match = true
                    for m in 1..<closeName.count where (p[k + m] | (isLetter(p[k + m]) ? 0x20 : 0)) != closeName[m] {
                        match = false
                        break
                    }
                    if match {
                        var e = k + closeName.count
                        while e < n && p[e] != 0x3E { e += 1 }
                        return (min(e + 1, n), true)
                    }
                }
                k += 1
            }
            return (n, true)
        }
        return (end, blockTags.contains(name))
    }

    /// Decodes a character or named reference starting at `i` (which holds `&`). Returns the
    /// index after it and the scalar (0 for one that decodes to nothing); nil when it is no
    /// reference HTML knows.
    static func decodeReference(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, UInt32)? {
        let n = p.count
        var j = i + 1
        guard j < n else { return nil }
        if p[j] == 0x23 {  // &#
            j += 1
            var hex = false
            if j < n && (p[j] | 0x20) == 0x78 { hex = true; j += 1 }
            var value: UInt32 = 0
            var digits = 0
            while j < n, digits < 8 {
                let d = p[j]
                var v: UInt32
                if d >= 0x30 && d <= 0x39 { v = UInt32(d - 0x30) }
                else if hex && (d | 0x20) >= 0x61 && (d | 0x20) <= 0x66 { v = UInt32((d | 0x20) - 0x61 + 10) }
                else { break }
                value = value * (hex ? 16 : 10) + v
                digits += 1
                j += 1
            }
            guard digits > 0 else { return nil }
            if j < n && p[j] == 0x3B { j += 1 }
            return (j, sanitize(value))
        }
        let start = j
        while j < n, j - start < 32, isLetter(p[j]) || (p[j] >= 0x30 && p[j] <= 0x39) { j += 1 }
        guard j < n, p[j] == 0x3B, j > start else { return nil }
        let name = UnsafeBufferPointer(rebasing: p[start..<j])
        guard let scalar = xmlOrHTMLEntity(name) else { return nil }
        return (j + 1, scalar)
    }

    /// The five XML entities first (cheap), then HTML's table.
    @inline(__always)
    static func xmlOrHTMLEntity(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        if name.count == 3, name[0] == 0x61, name[1] == 0x6D, name[2] == 0x70 { return 0x26 }  // amp
        if name.count == 2, name[1] == 0x74 {
            if name[0] == 0x6C { return 0x3C }  // lt
            if name[0] == 0x67 { return 0x3E }  // gt
        }
        return HTMLEntities.codePoint(name)
    }

    /// A code point that can appear in text: C1 read as windows-1252, invalid ones dropped (0).
    @inline(__always)
    static func sanitize(_ value: UInt32) -> UInt32 {
        if value >= 0x80 && value <= 0x9F { return HTMLEntities.windows1252C1[Int(value - 0x80)] }
        if value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return 0 }
        if value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D { return 0 }
        return value
    }
}
