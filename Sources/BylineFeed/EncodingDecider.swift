import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Character-encoding detection as feedparser 6.0.14 does it (`encodings.py`, RFC 3023), with
/// the practical rule that bytes a declaration mislabels but that are valid UTF-8 are read as
/// UTF-8. Decoding uses the C library's `iconv`, so every label iconv knows is supported.
enum FeedparserEncoding {
    /// The encoding name feedparser reports, the document as UTF-8 (BOM removed), and the
    /// reason for `bozo` when the encoding had to be overridden.
    struct Decoded {
        var encoding: String
        var utf8: [UInt8]
        var problem: String?
    }

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
        if let head, let range = head.range(of: #"^<\?.*encoding=['"](.*?)['"].*\?>"#, options: .regularExpression) {
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
        if contentType == nil || mediaType.isEmpty {
            chosen = bomEncoding ?? declared ?? "utf-8"
        } else if appXML {
            chosen = charset ?? bomEncoding ?? declared ?? "utf-8"
        } else if textXML {
            chosen = charset ?? "us-ascii"
        } else if mediaType.hasPrefix("text/") {
            chosen = charset ?? "us-ascii"
            problem = "Content-Type \(mediaType) is not an XML media type"
        } else {
            chosen = bomEncoding ?? declared ?? "utf-8"
            problem = "Content-Type \(mediaType) is not an XML media type"
        }
        if chosen == "gb2312" || chosen == "gbk" { chosen = "gb18030" }
        if let bom = bomEncoding, bom.hasPrefix("utf-16") || bom.hasPrefix("utf-32"), !chosen.hasPrefix("utf-16"), !chosen.hasPrefix("utf-32") {
            chosen = bom
        }

        if chosen == "utf-8" || chosen == "utf8" {
            if let s = String(validating: body, as: UTF8.self) { return Decoded(encoding: "utf-8", utf8: Array(s.utf8), problem: problem) }
        } else if chosen == "us-ascii" || chosen == "ascii" {
            if body.allSatisfy({ $0 < 0x80 }) { return Decoded(encoding: chosen, utf8: body, problem: problem) }
        } else if !(chosen.hasPrefix("utf-16") || chosen.hasPrefix("utf-32")), isValidNonASCIIUTF8(body),
                  !["big5", "gb18030", "euc-kr", "euc-jp", "shift_jis", "iso-2022-jp"].contains(chosen) {
            // Valid UTF-8 mislabelled as a single-byte encoding: read as UTF-8.
            return Decoded(encoding: chosen, utf8: body, problem: problem)
        } else if let out = iconv(body, from: chosen, partial: false) {
            return Decoded(encoding: chosen, utf8: out, problem: problem)
        }
        // The chosen encoding failed: feedparser tries the declared one, UTF-8, windows-1252, then
        // iso-8859-2 (`encodings.convert_to_utf8`; chardet is not used).
        for fallback in [declared, "utf-8", "windows-1252", "iso-8859-2"].compactMap({ $0 }) where fallback != chosen {
            if fallback == "utf-8" {
                if let s = String(validating: body, as: UTF8.self) {
                    return Decoded(encoding: "utf-8", utf8: Array(s.utf8), problem: "document declared as \(chosen), but parsed as utf-8")
                }
            } else if let out = iconv(body, from: fallback, partial: false) {
                return Decoded(encoding: fallback, utf8: out, problem: "document declared as \(chosen), but parsed as \(fallback)")
            }
        }
        return Decoded(encoding: chosen, utf8: Array(String(decoding: body, as: UTF8.self).utf8), problem: "could not decode as \(chosen)")
    }

    static func isValidNonASCIIUTF8(_ b: [UInt8]) -> Bool {
        b.contains { $0 >= 0x80 } && ByteNormalizer.isValidUTF8(b[...])
    }

    /// Converts `bytes` from `encoding` to UTF-8 with iconv; nil when the label is unknown or
    /// the bytes are invalid (unless `partial`, which keeps what converted).
    static func iconv(_ bytes: [UInt8], from encoding: String, partial: Bool) -> [UInt8]? {
        let name = encoding.uppercased() == "WINDOWS-1252" ? "CP1252" : encoding.uppercased()
        let cd = iconv_open("UTF-8", name)
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
                let r = Glibc.iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r == -1 || inLeft != 0 { ok = false }
                produced = outCount - outLeft
            }
        }
        if !ok && !partial { return nil }
        return Array(output[0..<produced])
    }
}
