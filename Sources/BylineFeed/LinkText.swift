import Foundation

/// feedparser's extra unescaping of links given as element text (mixin.py `pop`), on UTF-8
/// bytes, shared by Byline's parser and the feedparser printing.
///
/// Both rules change only an `&` followed by name bytes (`[A-Za-z0-9_]`) and `;`, so a link
/// without one (`?a=1&b=2`, most links) is returned as it is, found with one `memchr` scan.
package enum LinkText {
    /// An entry link: `&amp;` becomes `&` (left to right, not overlapping), then
    /// ``droppingNameSemicolons(_:)``; so a doubly escaped link (`?a=1&amp;amp;ref=rss` in
    /// the XML) is the working URL (`?a=1&ref=rss`).
    package static func feedparserEntryLink(_ link: String) -> String {
        guard hasNameReference(link) else { return link }
        let amp = Array("&amp;".utf8)
        let bytes = Array(link.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == amp[0], i + 5 <= bytes.count, bytes[i..<(i + 5)].elementsEqual(amp) {
                out.append(amp[0])
                i += 5
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return droppingNameSemicolons(String(decoding: out, as: UTF8.self))
    }

    /// `&name;` becomes `&name`: feedparser's `re.sub("&([A-Za-z0-9_]+);", r"&\g<1>", output)`.
    package static func droppingNameSemicolons(_ text: String) -> String {
        guard hasNameReference(text) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            out.append(bytes[i])
            if bytes[i] == UInt8(ascii: "&") {
                var j = i + 1
                while j < bytes.count, isNameByte(bytes[j]) { j += 1 }
                if j > i + 1, j < bytes.count, bytes[j] == UInt8(ascii: ";") {
                    out.append(contentsOf: bytes[(i + 1)..<j])  // the name, without its ";"
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` holds an `&` followed by name bytes and `;` (memchr from `&` to `&`).
    static func hasNameReference(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { p -> Bool in
            guard let base = p.baseAddress else { return false }
            var i = 0
            while i < p.count, let found = memchr(base + i, Int32(UInt8(ascii: "&")), p.count - i) {
                var j = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                let start = j
                while j < p.count, isNameByte(p[j]) { j += 1 }
                if j > start, j < p.count, p[j] == UInt8(ascii: ";") { return true }
                i = j
            }
            return false
        }
    }

    /// `[A-Za-z0-9_]`.
    @inline(__always)
    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b == 0x5F
    }
}
