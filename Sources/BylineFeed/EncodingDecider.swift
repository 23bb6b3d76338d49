import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byline's one character-encoding decider (``ByteNormalizer``, for bytes that are not plain
/// UTF-8; for every document when the detail reading reports the encoding, which
/// `parse --format feedparser` prints).
///
/// The order is feedparser 6.0.14's (`encodings.py`, RFC 3023): a byte-order mark (or the
/// BOM-less UTF-16/32 pattern of `<?`); the XML declaration's `encoding`, read after decoding
/// the first bytes as the BOM says; then the HTTP `Content-Type`: for `application/xml` and
/// `application/*+xml` its `charset`, else the BOM, else the declaration, else UTF-8; for
/// `text/xml` and `text/*+xml` its `charset`, else US-ASCII; another `text/` type or a
/// non-XML type makes the document `bozo`. When the chosen encoding cannot decode the bytes,
/// the declared one, UTF-8, windows-1252 and ISO-8859-2 are tried in turn, as feedparser does
/// (chardet is not used); a label iconv does not know (`x-klingon`) decodes nothing and goes
/// straight to those fallbacks. Departures, each for documents feedparser misreads: the declaration
/// is found after leading whitespace (feedparser's pattern is anchored, so a windows-1251
/// feed with a blank first line decodes as windows-1252), and bytes that are valid UTF-8 with
/// non-ASCII characters are UTF-8 whatever a single-byte label says (not under a multi-byte
/// CJK label, where valid UTF-8 can be a coincidence); and the reason for `bozo` never calls a
/// default a declaration (feedparser says `document declared as utf-8` of a document that
/// declares nothing). `gb2312` and `gbk` decode as GB18030,
/// `shift_jis` as CP932 (Python's `shift_jis` keeps ASCII at 0x5C and 0x7E, as CP932 does; the
/// C library's maps them to ¥ and ‾).
///
/// Decoding uses the C library's `iconv`, so every label that iconv (glibc: about 1,200
/// names, those of libxml2 and of HTTP among them) knows is supported.
enum EncodingDecider {
    /// The encoding name feedparser reports, the document as UTF-8 (BOM removed), and the
    /// reason for `bozo` when the encoding had to be overridden.
    struct Decoded {
        /// The encoding the bytes were decoded from, lower-cased (`windows-1251`, `koi8-r`).
        var encoding: String
        /// The document as UTF-8, without a BOM.
        var utf8: [UInt8]
        /// Why the chosen encoding was overridden or the media type is not XML; nil when not.
        var problem: String?
        /// The label chosen first and where it came from (`the HTTP Content-Type charset`, `the
        /// XML declaration's encoding`), when a label named it and it could not decode the bytes;
        /// `known` is false when iconv does not know the label at all (`x-klingon`).
        var refused: (label: String, source: String, known: Bool)?
        /// Why the encoding tried first was chosen when no label or BOM named it, when it could
        /// not decode the bytes: `no encoding is declared, which means utf-8`, or
        /// `the Content-Type text/xml has no charset, which means us-ascii (RFC 3023)`.
        var defaulted: String?
        /// Whether a byte-order mark (or the UTF-16/32 pattern of `<?`) decided.
        var byBOM = false
    }

    /// Multi-byte encodings whose bytes can be valid UTF-8 by coincidence: their label wins.
    static let multiByte: Set<String> = ["big5", "big5-hkscs", "gb18030", "gb2312", "gbk", "euc-kr", "euc-jp", "shift_jis",
                                         "shift-jis", "sjis", "x-sjis", "cp932", "windows-31j", "iso-2022-jp", "euc-tw"]

    /// Decides the encoding of `data` and decodes it to UTF-8.
    ///
    /// - Parameters:
    ///   - data: the document bytes as served.
    ///   - contentType: the HTTP `Content-Type` value, or nil when there was no HTTP response.
    /// - Returns: the encoding, the UTF-8 bytes and the reason for `bozo`, if any. Never fails:
    ///   bytes no candidate decodes are read as UTF-8 with U+FFFD for each bad sequence.
    static func decode(_ data: Data, contentType: String?) -> Decoded {
        let raw = [UInt8](data)
        func has(_ p: [UInt8]) -> Bool { raw.count >= p.count && Array(raw[0..<p.count]) == p }
        var bomEncoding: String?
        var skip = 0
        if has([0x00, 0x00, 0xFE, 0xFF]) { bomEncoding = "utf-32be"; skip = 4 }
        else if has([0xFF, 0xFE, 0x00, 0x00]) { bomEncoding = "utf-32le"; skip = 4 }
        else if has([0xEF, 0xBB, 0xBF]) { bomEncoding = "utf-8"; skip = 3 }
        else if has([0xFE, 0xFF]) { bomEncoding = "utf-16be"; skip = 2 }
        else if has([0xFF, 0xFE]) { bomEncoding = "utf-16le"; skip = 2 }
        else if has([0x00, 0x00, 0x00, 0x3C]) { bomEncoding = "utf-32be" }
        else if has([0x3C, 0x00, 0x00, 0x00]) { bomEncoding = "utf-32le" }
        else if has([0x00, 0x3C, 0x00, 0x3F]) { bomEncoding = "utf-16be" }
        else if has([0x3C, 0x00, 0x3F, 0x00]) { bomEncoding = "utf-16le" }
        let body = Array(raw[skip...])

        // The XML declaration, read after decoding the first bytes as the BOM says.
        var declared: String?
        let headBytes = Array(body.prefix(1024))
        let head: String? = bomEncoding.flatMap { enc in iconv(headBytes, from: enc, partial: true).map { String(decoding: $0, as: UTF8.self) } }
            ?? String(decoding: headBytes, as: UTF8.self)
        if let head, let range = head.range(of: #"^\s*<\?.*encoding=['"](.*?)['"].*\?>"#, options: .regularExpression) {
            let decl = String(head[range])
            if let e = decl.range(of: #"encoding=['"]"#, options: .regularExpression) {
                declared = String(decl[e.upperBound...].prefix { $0 != "\"" && $0 != "'" }).lowercased()
            }
        }
        if let d = declared, let bom = bomEncoding, ["utf-16", "utf-32", "ucs-2", "ucs-4", "iso-10646-ucs-2", "iso-10646-ucs-4", "csucs4", "csunicode", "utf_16", "utf_32", "utf16", "u16"].contains(d) || d.hasPrefix("utf-16") || d.hasPrefix("utf-32") {
            declared = bom
        } else if declared != nil, let bom = bomEncoding, bom != "utf-8" {
            declared = bom
        }

        var mediaType = ""
        var charset: String?
        if let ct = contentType {
            let parts = ct.split(separator: ";", omittingEmptySubsequences: false)
            mediaType = parts.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            for p in parts.dropFirst() {
                let kv = p.split(separator: "=", maxSplits: 1)
                guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
                let v = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")).lowercased()
                if !v.isEmpty { charset = v }
            }
        }
        let appXML = ["application/xml", "application/xml-dtd", "application/xml-external-parsed-entity"].contains(mediaType)
            || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+xml"))
        let textXML = ["text/xml", "text/xml-external-parsed-entity"].contains(mediaType)
            || (mediaType.hasPrefix("text/") && mediaType.hasSuffix("+xml"))
        var problem: String?
        var chosen: String
        let httpSource = "the HTTP Content-Type charset"
        let declaredSource = bomEncoding == nil && declared != nil ? "the XML declaration's encoding" : nil
        var source: String?
        if contentType == nil || mediaType.isEmpty {
            chosen = bomEncoding ?? declared ?? "utf-8"
            source = declaredSource
        } else if appXML {
            chosen = charset ?? bomEncoding ?? declared ?? "utf-8"
            source = charset != nil ? httpSource : declaredSource
        } else if textXML {
            chosen = charset ?? "us-ascii"
            source = charset != nil ? httpSource : nil
        } else if mediaType.hasPrefix("text/") {
            chosen = charset ?? "us-ascii"
            source = charset != nil ? httpSource : nil
            problem = "Content-Type \(mediaType) is not an XML media type"
        } else {
            chosen = bomEncoding ?? declared ?? "utf-8"
            source = declaredSource
            problem = "Content-Type \(mediaType) is not an XML media type"
        }
        if chosen == "gb2312" || chosen == "gbk" { chosen = "gb18030" }
        if let bom = bomEncoding, bom.hasPrefix("utf-16") || bom.hasPrefix("utf-32"), !chosen.hasPrefix("utf-16"), !chosen.hasPrefix("utf-32") {
            chosen = bom
        }

        let byBOM = bomEncoding != nil && bomEncoding == chosen
        let known = isKnown(chosen)
        if !known {
            // An encoding iconv does not know decodes nothing; the fallbacks below decide.
        } else if chosen == "utf-8" || chosen == "utf8" {
            if let s = String(validating: body, as: UTF8.self) {
                return Decoded(encoding: "utf-8", utf8: Array(s.utf8), problem: problem, byBOM: byBOM)
            }
        } else if chosen == "us-ascii" || chosen == "ascii" {
            if body.allSatisfy({ $0 < 0x80 }) { return Decoded(encoding: chosen, utf8: body, problem: problem) }
        } else if !(chosen.hasPrefix("utf-16") || chosen.hasPrefix("utf-32")), isValidNonASCIIUTF8(body),
                  !multiByte.contains(chosen) {
            // Valid UTF-8 mislabelled as a single-byte encoding: read as UTF-8.
            return Decoded(encoding: chosen, utf8: body, problem: problem)
        } else if let out = iconv(body, from: chosen, partial: false) {
            return Decoded(encoding: chosen, utf8: out, problem: problem, byBOM: byBOM)
        }
        let refused = source.map { (label: chosen, source: $0, known: known) }
        let defaulted: String? = source != nil || byBOM ? nil
            : chosen == "us-ascii" ? "the Content-Type \(mediaType) has no charset, which means us-ascii (RFC 3023)"
            : "no encoding is declared, which means \(chosen)"
        /// feedparser's `CharacterEncodingOverride` text, with what it hides: a label iconv does
        /// not know (feedparser's `CharacterEncodingUnknown`), or a default that no
        /// declaration named.
        func overridden(_ used: String) -> String {
            if !known { return "document declared as \(chosen), an unknown encoding; parsed as \(used)" }
            if let defaulted { return "\(defaulted), but the document is not \(chosen); parsed as \(used)" }
            return "document declared as \(chosen), but parsed as \(used)"
        }
        // The chosen encoding failed: feedparser tries the declared one, UTF-8, windows-1252, then
        // iso-8859-2 (`encodings.convert_to_utf8`; chardet is not used).
        for fallback in [declared, "utf-8", "windows-1252", "iso-8859-2"].compactMap({ $0 }) where fallback != chosen {
            if fallback == "utf-8" {
                if let s = String(validating: body, as: UTF8.self) {
                    return Decoded(encoding: "utf-8", utf8: Array(s.utf8), problem: overridden("utf-8"),
                                   refused: refused, defaulted: defaulted)
                }
            } else if isKnown(fallback), let out = iconv(body, from: fallback, partial: false) {
                return Decoded(encoding: fallback, utf8: out, problem: overridden(fallback),
                               refused: refused, defaulted: defaulted)
            }
        }
        return Decoded(encoding: chosen, utf8: Array(String(decoding: body, as: UTF8.self).utf8), problem: "could not decode as \(chosen)",
                       refused: refused, defaulted: defaulted)
    }

    /// Labels every iconv knows, answered without asking it.
    private static let commonLabels: Set<String> = ["utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "windows-1252",
                                                    "iso-8859-2", "iso-8859-15", "windows-1251", "koi8-r"]

    /// Whether iconv knows the encoding `label` (one `iconv_open` for a label not in a short
    /// list of common ones).
    static func isKnown(_ label: String) -> Bool {
        if commonLabels.contains(label) { return true }
        let cd = iconv_open("UTF-8", iconvName(label))
        if cd == iconv_t(bitPattern: -1) { return false }
        iconv_close(cd)
        return true
    }

    /// The name iconv is asked for: `CP1252` for windows-1252, CP932 for the Shift_JIS labels,
    /// else the label upper-cased.
    static func iconvName(_ encoding: String) -> String {
        switch encoding.lowercased() {
        case "windows-1252": "CP1252"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis": "CP932"
        default: encoding.uppercased()
        }
    }

    static func isValidNonASCIIUTF8(_ b: [UInt8]) -> Bool {
        b.contains { $0 >= 0x80 } && ByteNormalizer.isValidUTF8(b[...])
    }

    /// Converts `bytes` from `encoding` to UTF-8 with iconv; nil when the label is unknown or
    /// the bytes are invalid (unless `partial`, which keeps what converted).
    static func iconv(_ bytes: [UInt8], from encoding: String, partial: Bool) -> [UInt8]? {
        let cd = iconv_open("UTF-8", iconvName(encoding))
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        let count = input.count
        let outCount = output.count
        var ok = true
        var produced = 0
        input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = count
                var outLeft = outCount
                let r = systemIconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r == -1 || inLeft != 0 { ok = false }
                produced = outCount - outLeft
            }
        }
        if !ok && !partial { return nil }
        return Array(output[0..<produced])
    }
}

/// The C library's `iconv(3)`, under a name that ``EncodingDecider/iconv(_:from:partial:)``
/// does not shadow.
private func systemIconv(_ cd: iconv_t?, _ input: inout UnsafeMutablePointer<CChar>?, _ inLeft: inout Int,
                         _ output: inout UnsafeMutablePointer<CChar>?, _ outLeft: inout Int) -> Int {
    iconv(cd, &input, &inLeft, &output, &outLeft)
}
