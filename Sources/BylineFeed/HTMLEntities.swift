internal import CLibXML2

/// HTML named character references, looked up through libxml2's HTML 4 table
/// (`htmlEntityLookup`, 253 names) plus the few common names that table lacks (`apos` and
/// some HTML5 additions).
package enum HTMLEntities {
    /// Names outside libxml2's HTML 4 table that real feeds use.
    static let extras: [String: UInt32] = [
        "apos": 0x27, "hellip": 0x2026, "nbsp": 0xA0, "ndash": 0x2013, "mdash": 0x2014,
        "lsquo": 0x2018, "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D, "bull": 0x2022,
        "trade": 0x2122, "euro": 0x20AC, "tab": 0x09, "newline": 0x0A, "colon": 0x3A,
        "comma": 0x2C, "period": 0x2E, "excl": 0x21, "quest": 0x3F, "num": 0x23, "dollar": 0x24,
        "percnt": 0x25, "lpar": 0x28, "rpar": 0x29, "ast": 0x2A, "plus": 0x2B, "sol": 0x2F,
        "semi": 0x3B, "equals": 0x3D, "commat": 0x40, "lsqb": 0x5B, "rsqb": 0x5D, "lowbar": 0x5F,
        "grave": 0x60, "lcub": 0x7B, "rcub": 0x7D, "verbar": 0x7C, "hyphen": 0x2010,
        "dash": 0x2010, "nbhy": 0x2011, "zwsp": 0x200B, "thinsp": 0x2009, "hairsp": 0x200A,
        "emsp13": 0x2004, "emsp14": 0x2005, "numsp": 0x2007, "puncsp": 0x2008, "MediumSpace": 0x205F,
        "NewLine": 0x0A, "Tab": 0x09, "laquo": 0xAB, "raquo": 0xBB, "lsaquo": 0x2039,
        "rsaquo": 0x203A, "sbquo": 0x201A, "bdquo": 0x201E, "dagger": 0x2020, "Dagger": 0x2021,
        "prime": 0x2032, "Prime": 0x2033, "oline": 0x203E, "frasl": 0x2044,
    ]

    /// The code point of the named reference whose name is `name` (bytes between `&` and `;`),
    /// or nil when HTML defines no such name.
    static func codePoint(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard !name.isEmpty, name.count < 32 else { return nil }
        // A NUL-terminated copy for libxml2, on the stack.
        let found: UInt32? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count + 1) { buf in
            for i in 0..<name.count { buf[i] = name[i] }
            buf[name.count] = 0
            guard let base = buf.baseAddress, let desc = htmlEntityLookup(base) else { return nil }
            return UInt32(desc.pointee.value)
        }
        if let found { return found }
        return extras[String(decoding: name, as: UTF8.self)]
    }

    /// Whether `name` is one of HTML 4's 252 named references (libxml2's table, as Python's
    /// `name2codepoint`; `apos` is not among them).
    package static func isHTML4Name(_ name: String) -> Bool {
        guard name != "apos", !name.isEmpty, name.utf8.count < 32 else { return false }
        var bytes = Array(name.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { htmlEntityLookup($0.baseAddress!) != nil }
    }

    /// Appends the UTF-8 encoding of `scalar` to `out`.
    @inline(__always)
    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Windows-1252 meanings of the C1 code points 0x80–0x9F, which feeds use by mistake
    /// (`&#146;` for a right single quote); feedparser maps them the same way. 0 = unmapped.
    package static let windows1252C1: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
        0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0, 0x017E, 0x0178,
    ]
}
