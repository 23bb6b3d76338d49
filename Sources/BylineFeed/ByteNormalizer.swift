internal import CBylineScan
import Foundation

/// The normalisation pass over a document's bytes before libxml2 sees them.
///
/// What it does, in order (see notes/libxml2-swift.md for why each step is needed):
/// 1. **Encoding.** Bytes that are valid UTF-8 (without a UTF-16/32 byte-order mark or `<?`
///    pattern) are UTF-8 and are not copied, unless a label names a multi-byte CJK encoding
///    (``labelledMultiByte(_:label:)``; a label iconv does not know is named in a warning);
///    everything else goes to the one
///    ``EncodingDecider`` (BOM, XML declaration, HTTP charset in feedparser's order, decoded
///    with iconv). The parser then tells libxml2 `XML_PARSE_IGNORE_ENC`. With
///    ``reportsEncoding`` (the detail reading) the decider also names the encoding of UTF-8
///    bytes, which are still read as they are.
/// 2. **Leading junk.** The BOM and anything before the first `<` are dropped, and so is
///    markup-like junk before a later XML declaration or feed root (``markupAfterJunk(_:from:)``).
/// 3. **References.** Outside CDATA sections, comments and processing instructions: an HTML
///    named reference (`&nbsp;`) becomes a numeric one (`&#160;`); an `&` that starts no valid
///    reference becomes `&amp;`; an unknown `&name;` is kept as text (`&amp;name;`) unless the
///    document has an internal DTD subset that may declare it; a numeric reference to a
///    character XML forbids (`&#1;`) is dropped, one to a C1 control (`&#150;`) becomes its
///    windows-1252 character, and `&#X41;` (a capital X, which XML does not allow) is read
///    as HTML reads it.
/// 4. **Control characters.** C0 controls other than tab, LF and CR are dropped everywhere.
struct ByteNormalizer {
    /// The normalised document: UTF-8, starting at its first `<`.
    var bytes: [UInt8] = []
    /// What was repaired, for ``Feed/warnings``.
    var warnings: [String] = []
    /// Whether the document has a DOCTYPE with an internal subset (`<!DOCTYPE x [`).
    var hasInternalSubset = false
    /// The first HTML named reference (`&nbsp;`) met in a document without an internal DTD
    /// subset: such a reference is undefined in XML, so the document is not well-formed
    /// (feedparser's SAX parser stops on it and sets `bozo`), though it is read as HTML would.
    var firstHTMLEntity: String?
    /// Whether to report the encoding and what makes the document less than clean XML
    /// (``encoding``, ``problem``), for the detail reading.
    var reportsEncoding = false
    /// The encoding the ``EncodingDecider`` names for the document (set with ``reportsEncoding``).
    var encoding: String?
    /// With ``reportsEncoding``: the first reason the document is not clean XML in its
    /// encoding (an encoding that had to be overridden, junk cut, an undefined entity).
    var problem: String?

    /// The outcome of looking at the raw bytes before normalising.
    enum Sniff: Equatable {
        /// Markup to parse.
        case markup
        /// No bytes, or only whitespace.
        case empty
        /// Not XML at all; the text says what it looks like.
        case notMarkup(String)
    }

    /// Normalises `data` into ``bytes``; returns whether there is markup to parse.
    ///
    /// - Parameters:
    ///   - data: the raw document.
    ///   - contentType: the HTTP `Content-Type` value, for its `charset` parameter.
    mutating func run(_ data: Data, contentType: String?) -> Sniff {
        var copy: [UInt8]?
        let sniff = withNormalized(data, contentType: contentType) { sniff, p -> Sniff in
            copy = Array(p)
            return sniff
        }
        if let copy { bytes = copy }
        return sniff
    }

    /// Normalises `data` and runs `body` with the outcome and the normalised UTF-8 bytes.
    ///
    /// No copy of the document is made when none is needed: a document that is UTF-8 (valid,
    /// or with a UTF-8 BOM) and needs no repair is handed over as `data`'s own bytes, minus
    /// the BOM and anything before the first `<`. Otherwise the bytes are transcoded and/or
    /// repaired into ``bytes``, which `body` then sees. The buffer is valid only inside `body`.
    mutating func withNormalized<R>(_ data: Data, contentType: String?,
                                    _ body: (Sniff, UnsafeBufferPointer<UInt8>) -> R) -> R {
        data.withUnsafeBytes { raw -> R in
            let p = raw.bindMemory(to: UInt8.self)
            if let utf8 = Self.utf8Body(p), case let label = Self.label(utf8, contentType: contentType),
               !Self.labelledMultiByte(utf8, label: label?.name) {
                if let label, !EncodingDecider.isKnown(label.name) {
                    // feedparser's CharacterEncodingUnknown, and what was used instead.
                    warnings.append("\(label.source) \"\(label.name.prefix(64))\" is an unknown encoding; the bytes are valid UTF-8, decoded as utf-8")
                }
                if reportsEncoding {
                    // The bytes are read as they are; the decider only names them.
                    let decided = EncodingDecider.decode(data, contentType: contentType)
                    encoding = decided.encoding
                    problem = decided.problem
                }
                return normalizeUTF8(utf8, body)
            }
            let decoded = decodeToUTF8(data, contentType: contentType)
            return decoded.withUnsafeBufferPointer { normalizeUTF8($0, body) }
        }
    }

    /// `p` minus a UTF-8 BOM when the document is UTF-8 by step 1's rules (no UTF-16/32 BOM
    /// or `<?` pattern, and valid UTF-8 bytes); nil when it must be transcoded.
    static func utf8Body(_ p: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let n = p.count
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF {
            let rest = UnsafeBufferPointer(rebasing: p[3...])
            return isValidUTF8(rest) ? rest : nil
        }
        if n >= 2, (p[0] == 0xFE && p[1] == 0xFF) || (p[0] == 0xFF && p[1] == 0xFE)
            || (p[0] == 0x3C && p[1] == 0x00) || (p[0] == 0x00 && p[1] == 0x3C) { return nil }
        if n >= 4, p[0] == 0x00, p[1] == 0x00, p[2] == 0x00 || p[2] == 0xFE { return nil }
        return isValidUTF8(p) ? p : nil
    }

    /// Steps 2 to 4 over UTF-8 bytes (BOM removed).
    private mutating func normalizeUTF8<R>(_ p: UnsafeBufferPointer<UInt8>,
                                           _ body: (Sniff, UnsafeBufferPointer<UInt8>) -> R) -> R {
        let n = p.count
        var start = 0
        while start < n, p[start] != 0x3C { start += 1 }
        if start == n {
            let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            if p.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C || $0 == 0 }) {
                // A zero-filled file (a preallocated or lost write) is no empty document: say what it holds.
                let nuls = p.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
                if nuls == n, n > 0 { return body(.notMarkup("NUL bytes only (\(n) bytes)"), empty) }
                if nuls > 0 { return body(.notMarkup("NUL bytes and white space only (\(nuls) NUL of \(n) bytes)"), empty) }
                return body(.empty, empty)
            }
            var k = 0
            while k < n, p[k] <= 0x20 { k += 1 }
            if k < n, p[k] == UInt8(ascii: "{") || p[k] == UInt8(ascii: "[") {
                return body(.notMarkup("a JSON document, not RSS or Atom"), empty)
            }
            return body(.notMarkup("text without XML markup"), empty)
        }
        var hasJunk = false
        for k in 0..<start where p[k] > 0x20 { hasJunk = true; break }
        if let markupStart = Self.markupAfterJunk(p, from: start) {
            warnings.append("dropped \(markupStart) bytes of junk before the \(p[markupStart + 1] == 0x3F ? "XML declaration" : "feed's root element")")
            if problem == nil { problem = warnings.last }
            start = markupStart
        } else if hasJunk {
            warnings.append("dropped \(start) bytes before the first '<'")
            if problem == nil { problem = warnings.last }
        }
        let markup = UnsafeBufferPointer(rebasing: p[start...])
        if clean(markup) { return bytes.withUnsafeBufferPointer { body(.markup, $0) } }
        return body(.markup, markup)
    }

    /// Where the document really starts when markup-like junk precedes it: a server's warning
    /// (a PHP notice in `<b>` tags, an HTML comment, a `<div>`) printed before the XML
    /// declaration or before the feed's root element. feedparser's strict parser fails on such a
    /// document and its loose parser reads the feed on (with `bozo` set); here the junk is cut.
    ///
    /// Looked for in the first 64 KiB after `from` (the first `<`): an XML declaration
    /// (`<?xml` and a space) not at `from`; else, when the first element is neither a feed root
    /// nor `html` (an HTML page stays "not a feed"), the first `<rss`, `<feed` or `<rdf:RDF`.
    /// The junk must not itself hold a feed root or a CDATA section, so a declaration quoted
    /// inside a feed's content is never taken for the start. Returns nil when there is no junk.
    static func markupAfterJunk(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let end = min(p.count, from + 65_536)
        func lowered(_ i: Int) -> UInt8 { p[i] &- 0x41 < 26 ? p[i] | 0x20 : p[i] }
        func at(_ i: Int, _ word: [UInt8]) -> Bool {
            guard i + word.count <= p.count else { return false }
            for (j, w) in word.enumerated() where lowered(i + j) != w { return false }
            return true
        }
        func isDeclaration(_ i: Int) -> Bool {
            at(i, Array("<?xml".utf8)) && i + 5 < p.count && (p[i + 5] == 0x20 || p[i + 5] == 0x09 || p[i + 5] == 0x0A || p[i + 5] == 0x0D)
        }
        func isRoot(_ i: Int) -> Bool {
            for name in rootNames where at(i, name) {
                let next = i + name.count
                if next < p.count, p[next] == 0x20 || p[next] == 0x3E || p[next] == 0x09 || p[next] == 0x0A || p[next] == 0x0D || p[next] == 0x2F {
                    return true
                }
            }
            return false
        }
        if isDeclaration(from) || isRoot(from) || at(from, Array("<!doctype html".utf8)) { return nil }
        /// The index after the first `close` at or after `i` (the end when there is none).
        func after(_ close: [UInt8], _ i: Int) -> Int {
            var j = i
            while j + close.count <= p.count {
                if p[j] == close[0], at(j, close) { return j + close.count }
                j += 1
            }
            return p.count
        }
        var firstElement: Int?
        var i = from
        while i < end {
            if p[i] == 0x3C {
                // Comments, processing instructions and a DOCTYPE (with its internal subset) are
                // skipped whole: a `<b>` inside a comment is no element.
                if at(i, Array("<!--".utf8)) { i = after(Array("-->".utf8), i + 4); continue }
                if i + 1 < p.count, p[i + 1] == 0x3F, !isDeclaration(i) { i = after(Array("?>".utf8), i + 2); continue }
                if at(i, Array("<!doctype".utf8)) {
                    var j = i + 9
                    while j < p.count, p[j] != 0x3E, p[j] != 0x5B { j += 1 }
                    i = j < p.count && p[j] == 0x5B ? after(Array("]".utf8), j) : j
                    continue
                }
                if let first = firstElement, at(first, Array("<html".utf8)) { return nil }
                if isDeclaration(i) { return i }
                if isRoot(i) { return firstElement == nil ? nil : i }
                if at(i, Array("<![cdata[".utf8)) { return nil }
                if firstElement == nil, i + 1 < p.count, p[i + 1] &- 0x41 < 26 || p[i + 1] &- 0x61 < 26 { firstElement = i }
            }
            i += 1
        }
        return nil
    }

    /// The start tags of a feed's root element, lower-cased, with `<`.
    static let rootNames: [[UInt8]] = ["<rss", "<feed", "<rdf:rdf"].map { Array($0.utf8) }

    // MARK: - Encoding

    /// The document as UTF-8 bytes, BOM removed, by the one ``EncodingDecider``. A warning is
    /// raised only when what the document says of its encoding and what its bytes are disagree:
    /// a label (HTTP charset or XML declaration) that is unknown or does not decode the bytes, a
    /// default (no label: UTF-8; `text/xml` without a charset: US-ASCII) that the bytes are not,
    /// or a multi-byte label on bytes that are valid UTF-8 too. Bytes decoded by the encoding
    /// their label names (`encoding="big5"` on Big5 bytes, `charset=windows-1252` on
    /// windows-1252 bytes) raise none: that is a correctly labelled feed, as feedparser says
    /// (`not bozo`).
    mutating func decodeToUTF8(_ data: Data, contentType: String?) -> [UInt8] {
        let decided = EncodingDecider.decode(data, contentType: contentType)
        if reportsEncoding {
            encoding = decided.encoding
            problem = decided.problem
        }
        if let refused = decided.refused {
            // Each clause as it happened: the label failed (unknown, or its decoding failed), and
            // the bytes were UTF-8 after all, or were not.
            let label = "\(refused.source) \"\(refused.label.prefix(64))\""
            let failed = refused.known ? "\(label) does not decode the bytes" : "\(label) is an unknown encoding"
            if decided.encoding == "utf-8" {
                warnings.append("\(failed); the bytes are valid UTF-8, decoded as utf-8")
            } else if data.withUnsafeBytes({ Self.isValidUTF8($0.bindMemory(to: UInt8.self)) }) {
                warnings.append("\(failed); decoded as \(decided.encoding)")
            } else {
                warnings.append("\(failed), and the bytes are not valid UTF-8; decoded as \(decided.encoding)")
            }
        } else if let defaulted = decided.defaulted, decided.encoding != "utf-8" {
            warnings.append("\(defaulted), but the bytes are not valid UTF-8; decoded as \(decided.encoding) by fallback")
        } else if !decided.byBOM, EncodingDecider.multiByte.contains(decided.encoding),
                  data.withUnsafeBytes({ Self.isValidUTF8($0.bindMemory(to: UInt8.self)) }) {
            // The label decoded the bytes, but they read as UTF-8 too: which one the publisher
            // meant is a guess.
            warnings.append("decoded as \(decided.encoding) as labelled, though the bytes are also valid UTF-8")
        }
        return decided.utf8
    }

    /// Whether `bytes` are well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { isValidUTF8($0) }
    }

    /// Whether the bytes at `p` are well-formed UTF-8.
    static func isValidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return true }
        let n = p.count
        var i = 0
        while i < n {
            // ASCII sixteen bytes at a time.
            i = byline_scan_non_ascii(base, n, i)
            if i >= n { break }
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            if b >= 0xC2 && b <= 0xDF {
                guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
            } else if b >= 0xE0 && b <= 0xEF {
                guard i + 2 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return false }
                if b == 0xE0 && p[i + 1] < 0xA0 { return false }
                if b == 0xED && p[i + 1] >= 0xA0 { return false }
                i += 3
            } else if b >= 0xF0 && b <= 0xF4 {
                guard i + 3 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80
                else { return false }
                if b == 0xF0 && p[i + 1] < 0x90 { return false }
                if b == 0xF4 && p[i + 1] >= 0x90 { return false }
                i += 4
            } else {
                return false
            }
        }
        return true
    }

    /// The `charset` parameter of a Content-Type value, lower-cased, unquoted.
    static func charset(fromContentType value: String?) -> String? {
        guard let value else { return nil }
        for part in value.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2,
                  pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            let name = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")).lowercased()
            return name.isEmpty ? nil : name
        }
        return nil
    }

    /// The `encoding` of an XML declaration at the start of `bytes` (after whitespace), lower-cased.
    static func declaredEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let head = bytes.prefix(512)
        var k = head.startIndex
        while k < head.endIndex, head[k] == 0x20 || head[k] == 0x09 || head[k] == 0x0A || head[k] == 0x0D { k += 1 }
        guard let end = head[k...].firstIndex(of: 0x3E) else { return nil }
        let decl = String(decoding: head[k..<end], as: UTF8.self)
        guard decl.hasPrefix("<?xml"), let range = decl.range(of: "encoding") else { return nil }
        let rest = decl[range.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return value.isEmpty ? nil : value.lowercased()
    }

    /// The encoding label of UTF-8 bytes, lower-cased, and where it is: the HTTP charset, else
    /// the XML declaration's encoding; nil when neither names one.
    static func label(_ p: UnsafeBufferPointer<UInt8>, contentType: String?) -> (name: String, source: String)? {
        if let charset = charset(fromContentType: contentType) { return (charset, "the HTTP Content-Type charset") }
        return declaredEncoding(p).map { ($0, "the XML declaration's encoding") }
    }

    /// Whether bytes that are valid UTF-8 must still go to the ``EncodingDecider``: they hold
    /// non-ASCII bytes and `label` (``label(_:contentType:)``) names a multi-byte CJK
    /// encoding (Big5, Shift_JIS, …), whose text can be valid UTF-8 by coincidence.
    static func labelledMultiByte(_ p: UnsafeBufferPointer<UInt8>, label: String?) -> Bool {
        guard let label, EncodingDecider.multiByte.contains(label), let base = p.baseAddress else { return false }
        return byline_scan_non_ascii(base, p.count, 0) < p.count
    }

    // MARK: - Cleaning

    /// Step 3 and 4 over UTF-8 bytes that start at the first `<`; true when something was
    /// changed, and then ``bytes`` holds the result (else `p` is already clean, and no copy
    /// was made).
    mutating func clean(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        var out = [UInt8]()
        var copying = false
        var undefined: [String] = []
        var i = 0
        var runStart = 0
        /// Copies the clean run before `to`; the first call starts the copy.
        @inline(__always) func flush(_ to: Int) {
            if !copying {
                copying = true
                out.reserveCapacity(n + n / 32)
            }
            if to > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<to])) }
        }
        let base = p.baseAddress
        while i < n {
            // Sixteen bytes at a time while none is a control character other than tab, LF
            // and CR, '&', or the '!' / '?' that follow '<' in a section, DOCTYPE or PI.
            if let base {
                i = byline_scan_clean(base, n, i)
                if i >= n { break }
            }
            let b = p[i]
            if b == 0x21 || b == 0x3F {
                guard i > 0, p[i - 1] == 0x3C else { i += 1; continue }
                // Back to the '<': sections whose contents are literal are copied (minus
                // controls) verbatim.
                i -= 1
                let next = b
                let terminator: [UInt8]
                if next == 0x21 && Self.matches(p, i, Self.cdataOpen) { terminator = Self.cdataClose }
                else if next == 0x21 && Self.matches(p, i, Self.commentOpen) { terminator = Self.commentClose }
                else if next == 0x3F { terminator = Self.piClose }
                else {
                    if next == 0x21 && Self.matches(p, i, Self.doctypeOpen) {
                        var k = i
                        while k < n, p[k] != 0x3E, p[k] != 0x5B { k += 1 }
                        if k < n, p[k] == 0x5B { hasInternalSubset = true }
                    }
                    i += 2
                    continue
                }
                // To the terminator, dropping control characters on the way; sixteen bytes at
                // a time while none is the terminator's first byte or a control character.
                let first = terminator[0]
                var k = i + 2
                var end = n
                while k < n {
                    if let base {
                        k = byline_scan_section(base, n, k, first)
                        if k >= n { break }
                    }
                    let c = p[k]
                    if c == first && Self.matches(p, k, terminator) { end = k + terminator.count; break }
                    if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D {
                        flush(k)
                        runStart = k + 1
                    }
                    k += 1
                }
                i = end
                continue
            }
            if b >= 0x20 && b != 0x26 { i += 1; continue }
            if b == 0x09 || b == 0x0A || b == 0x0D { i += 1; continue }
            if b == 0x26 {
                if let next = Self.keptReference(p, i) {
                    i = next
                    continue
                }
                let (next, replacement, unknown) = reference(p, i)
                if unknown == nil, replacement.count == next - i,
                   replacement.withUnsafeBufferPointer({ $0.elementsEqual(UnsafeBufferPointer(rebasing: p[i..<next])) }) {
                    // A reference kept as written: nothing to copy yet.
                    i = next
                    continue
                }
                flush(i)
                out.append(contentsOf: replacement)
                if unknown == "" {
                    if firstHTMLEntity == nil {
                        firstHTMLEntity = String(decoding: UnsafeBufferPointer(rebasing: p[(i + 1)..<(next - 1)]), as: UTF8.self)
                    }
                } else if let unknown, undefined.count < 20, !undefined.contains(unknown) {
                    undefined.append(unknown)
                }
                i = next
                runStart = i
                continue
            }
            // A C0 control character: drop it.
            flush(i)
            i += 1
            runStart = i
        }
        for name in undefined { warnings.append("undefined entity &\(name); kept as text") }
        if problem == nil, let first = undefined.first { problem = "undefined entity &\(first);" }
        if problem == nil, let name = firstHTMLEntity { problem = "undefined entity &\(name);" }
        guard copying else { return false }
        flush(n)
        bytes = out
        return true
    }

    static let ampEscape: [UInt8] = Array("&amp;".utf8)
    static let cdataOpen: [UInt8] = Array("<![CDATA[".utf8)
    static let cdataClose: [UInt8] = Array("]]>".utf8)
    static let commentOpen: [UInt8] = Array("<!--".utf8)
    static let commentClose: [UInt8] = Array("-->".utf8)
    static let piClose: [UInt8] = Array("?>".utf8)
    static let doctypeOpen: [UInt8] = Array("<!DOCTYPE".utf8)

    /// The index after the reference at `i` when it stays exactly as written (`&amp;`,
    /// `&lt;`, `&gt;`, `&quot;`, `&apos;`, or a decimal or `&#x` reference to a character XML
    /// allows outside U+0080–U+009F); nil when ``reference(_:_:)`` must decide. A fast path:
    /// no allocation for the references feeds are full of.
    @inline(__always)
    static func keptReference(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let n = p.count
        guard i + 3 < n else { return nil }
        let c = p[i + 1]
        if c == 0x23 {  // '#'
            var j = i + 2
            let hex = p[j] == 0x78
            if hex { j += 1 }
            var value: UInt32 = 0
            let start = j
            while j < n, j - start < 7 {
                let d = p[j]
                if d >= 0x30 && d <= 0x39 { value = value &* (hex ? 16 : 10) &+ UInt32(d - 0x30) }
                else if hex, (d | 0x20) >= 0x61, (d | 0x20) <= 0x66 { value = value &* 16 &+ UInt32((d | 0x20) - 0x61 + 10) }
                else { break }
                j += 1
            }
            guard j > start, j < n, p[j] == 0x3B else { return nil }
            let legal = value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value < 0x80)
                || (value > 0x9F && value <= 0xD7FF) || (value >= 0xE000 && value <= 0xFFFD)
                || (value >= 0x10000 && value <= 0x10FFFF)
            return legal ? j + 1 : nil
        }
        // amp; lt; gt; quot; apos;
        if c == 0x61, i + 4 < n, p[i + 2] == 0x6D, p[i + 3] == 0x70, p[i + 4] == 0x3B { return i + 5 }
        if c == 0x6C || c == 0x67, p[i + 2] == 0x74, p[i + 3] == 0x3B { return i + 4 }
        if c == 0x71, i + 5 < n, p[i + 2] == 0x75, p[i + 3] == 0x6F, p[i + 4] == 0x74, p[i + 5] == 0x3B { return i + 6 }
        if c == 0x61, i + 5 < n, p[i + 2] == 0x70, p[i + 3] == 0x6F, p[i + 4] == 0x73, p[i + 5] == 0x3B { return i + 6 }
        return nil
    }

    /// What to write for the `&` at `i`: the index after what was consumed, the bytes to
    /// write, and the name of an undefined entity that was kept as text (empty for an HTML
    /// named reference turned numeric in a document without an internal subset).
    func reference(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, [UInt8], String?) {
        let n = p.count
        var j = i + 1
        if j < n, p[j] == 0x23 {
            j += 1
            var hex = false
            if j < n, p[j] == 0x78 || p[j] == 0x58 { hex = true; j += 1 }
            var value: UInt32 = 0
            var digits = 0
            while j < n, digits < 9 {
                let d = p[j]
                if d >= 0x30 && d <= 0x39 { value = value &* (hex ? 16 : 10) &+ UInt32(d - 0x30) }
                else if hex, (d | 0x20) >= 0x61, (d | 0x20) <= 0x66 { value = value &* 16 &+ UInt32((d | 0x20) - 0x61 + 10) }
                else { break }
                digits += 1
                j += 1
            }
            guard digits > 0, j < n, p[j] == 0x3B else { return (i + 1, Self.ampEscape, nil) }
            let legal = value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value <= 0xD7FF)
                || (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF)
            if !legal { return (j + 1, [], nil) }
            if value >= 0x80 && value <= 0x9F {
                // C1 controls in references are windows-1252 characters in practice (feedparser).
                let mapped = HTMLEntities.windows1252C1[Int(value - 0x80)]
                if mapped != 0 { return (j + 1, Array("&#\(mapped);".utf8), nil) }
            }
            // `&#X41;`: XML allows only a lower-case x; read as HTML does.
            if hex && p[i + 2] == 0x58 { return (j + 1, Array("&#\(value);".utf8), nil) }
            return (j + 1, Array(UnsafeBufferPointer(rebasing: p[i...j])), nil)
        }
        let start = j
        guard j < n, HTMLText.isLetter(p[j]) || p[j] == 0x5F || p[j] == 0x3A else { return (i + 1, Self.ampEscape, nil) }
        while j < n, j - start < 64 {
            let d = p[j]
            if HTMLText.isLetter(d) || (d >= 0x30 && d <= 0x39) || d == 0x5F || d == 0x3A || d == 0x2D || d == 0x2E {
                j += 1
            } else {
                break
            }
        }
        guard j < n, p[j] == 0x3B else { return (i + 1, Self.ampEscape, nil) }
        let name = UnsafeBufferPointer(rebasing: p[start..<j])
        let whole = Array(UnsafeBufferPointer(rebasing: p[i...j]))
        if Self.isPredefined(name) { return (j + 1, whole, nil) }
        if let scalar = HTMLEntities.codePoint(name) {
            return (j + 1, Array("&#\(scalar);".utf8), hasInternalSubset ? nil : "")
        }
        if hasInternalSubset { return (j + 1, whole, nil) }
        return (j + 1, Self.ampEscape + Array(name) + [0x3B], String(decoding: name, as: UTF8.self))
    }

    static func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 2: return (name[0] == 0x6C || name[0] == 0x67) && name[1] == 0x74  // lt gt
        case 3: return name[0] == 0x61 && name[1] == 0x6D && name[2] == 0x70  // amp
        case 4: return Array(name) == Array("quot".utf8) || Array(name) == Array("apos".utf8)
        default: return false
        }
    }

    static func matches(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ s: [UInt8]) -> Bool {
        guard i + s.count <= p.count else { return false }
        for k in 0..<s.count where p[i + k] != s[k] { return false }
        return true
    }
}
