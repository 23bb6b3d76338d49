/// A JSON value (RFC 8259) read by ``JSONScanner``: objects keep their members in document order.
enum JSONValue {
    case string(String)
    /// The number as written (validated), so that an id keeps its digits.
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The value of the last member named `key` of an object (as Foundation's reader keeps the
    /// last of repeated keys); nil for a missing member or a value that is not an object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The string, or nil for another kind of value.
    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The kind of value with its article, for a warning: `a number`, `an object`.
    var kindName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Why bytes are not JSON, or not read: the reason and the byte offset where it was found.
struct JSONScanError: Error {
    var reason: String
    var offset: Int
    /// Whether ``JSONScanner/value(depth:)`` stopped at arrays and objects nested deeper than
    /// ``JSONScanner/maxDepth`` (the bytes may be good JSON: ``JSONScanner/skipValue()`` can
    /// walk over the value).
    var isTooDeep = false

    var description: String { "\(reason) at byte \(offset)" }
}

/// A JSON reader over bytes that builds values only where asked: ``skipValue()`` walks over a
/// value (validating it) without building anything, so that a document can be read one part at a
/// time (a JSON Feed's items one by one) in memory bounded by the largest part.
struct JSONScanner {
    /// The deepest nesting of arrays and objects ``value(depth:)`` builds, the document's root
    /// being 0 (its members' values 1), so that the stack stays bounded.
    static let maxDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    var offset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte-order mark is allowed before the document.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    }

    var atEnd: Bool { offset >= bytes.count }

    func error(_ reason: String) -> JSONScanError { JSONScanError(reason: reason, offset: offset) }

    /// The error of a value nested deeper than ``maxDepth``.
    func tooDeep() -> JSONScanError { JSONScanError(reason: "nested deeper than \(Self.maxDepth)", offset: offset, isTooDeep: true) }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Consumes `byte` after whitespace, or throws naming what was expected.
    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONScanError) {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else {
            throw error(offset < bytes.count ? "expected \(what)" : "unexpected end of data, expected \(what)")
        }
        offset += 1
    }

    /// Consumes `byte` after whitespace if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    /// Reads the members of an object whose `{` was consumed, handing each key to `member`,
    /// which must read or skip the value; stops after the closing `}`.
    mutating func members(_ member: (inout JSONScanner, String) throws(JSONScanError) -> Void) throws(JSONScanError) {
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            skipWhitespace()
            let key = try string()
            try expect(UInt8(ascii: ":"), "':' after an object key")
            try member(&self, key)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"), "',' or '}' in an object")
    }

    /// Reads the elements of an array whose `[` was consumed, handing each to `element` (with its
    /// 0-based index), which must read or skip it; stops after the closing `]`.
    mutating func elements(_ element: (inout JSONScanner, Int) throws(JSONScanError) -> Void) throws(JSONScanError) {
        if consume(UInt8(ascii: "]")) { return }
        var index = 0
        repeat {
            try element(&self, index)
            index += 1
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), "',' or ']' in an array")
    }

    /// Reads one value whose arrays and objects are at nesting `depth` + 1 and below (0 for a
    /// member of the root object: see ``maxDepth``).
    ///
    /// - Throws: a ``JSONScanError``, ``JSONScanError/isTooDeep`` when the value nests deeper
    ///   than ``maxDepth`` (the offset is then inside it).
    mutating func value(depth: Int = 0) throws(JSONScanError) -> JSONValue {
        skipWhitespace()
        guard offset < bytes.count else { throw error("unexpected end of data, expected a value") }
        switch bytes[offset] {
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw tooDeep() }
            offset += 1
            var result: [(key: String, value: JSONValue)] = []
            try members { scanner, key throws(JSONScanError) in result.append((key, try scanner.value(depth: depth + 1))) }
            return .object(result)
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw tooDeep() }
            offset += 1
            var result: [JSONValue] = []
            try elements { scanner, _ throws(JSONScanError) in result.append(try scanner.value(depth: depth + 1)) }
            return .array(result)
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            let start = offset
            try number()
            return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self))
        }
    }

    /// Walks over one value, validating it, without building it, at any depth.
    ///
    /// - Returns: how deep its arrays and objects nest: 0 for a string, number or literal, 1 for
    ///   an array or object with none inside.
    @discardableResult
    mutating func skipValue() throws(JSONScanError) -> Int {
        // Nesting is counted, not recursed into, so that no depth costs stack.
        var depth = 0
        var deepest = 0
        repeat {
            skipWhitespace()
            guard offset < bytes.count else { throw error("unexpected end of data") }
            switch bytes[offset] {
            case UInt8(ascii: "\""): try skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                offset += 1
                depth += 1
                deepest = max(deepest, depth)
                continue
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard depth > 0 else { throw error("unexpected '\(Character(UnicodeScalar(bytes[offset])))'") }
                offset += 1; depth -= 1
            case UInt8(ascii: ","), UInt8(ascii: ":"):
                guard depth > 0 else { throw error("unexpected '\(Character(UnicodeScalar(bytes[offset])))'") }
                offset += 1; continue
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: try number()
            }
        } while depth > 0
        return deepest
    }

    private mutating func literal(_ word: StaticString) throws(JSONScanError) {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count,
              (0..<count).allSatisfy({ bytes[offset + $0] == word.utf8Start[$0] }) else {
            throw error("invalid literal, expected \(word)")
        }
        offset += count
    }

    private mutating func number() throws(JSONScanError) {
        let start = offset
        func digits(_ scanner: inout JSONScanner) -> Int {
            let from = scanner.offset
            while scanner.offset < scanner.bytes.count, scanner.bytes[scanner.offset] &- 0x30 < 10 { scanner.offset += 1 }
            return scanner.offset - from
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard digits(&self) > 0 else { offset = start; throw error("invalid value") }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits(&self) > 0 else { throw error("invalid number") }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits(&self) > 0 else { throw error("invalid number") }
        }
    }

    /// Reads a string at the offset (which must be at its `"`).
    mutating func string() throws(JSONScanError) -> String {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a string") }
        offset += 1
        let start = offset
        // Fast path: no escapes.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                defer { offset += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw error("unescaped control character in a string") }
            offset += 1
        }
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else { throw error("unexpected end of data in a string") }
                let escaped = bytes[offset]
                offset += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800, scalar < 0xDC00, offset + 1 < bytes.count,
                       bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
                        let save = offset
                        offset += 2
                        let low = try hex4()
                        if low >= 0xDC00, low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            offset = save
                        }
                    }
                    // A lone surrogate becomes U+FFFD, as Foundation's reader does.
                    utf8.append(contentsOf: String(Character(UnicodeScalar(scalar) ?? "\u{FFFD}")).utf8)
                default:
                    throw error("invalid escape in a string")
                }
            default:
                guard byte >= 0x20 else { throw error("unescaped control character in a string") }
                utf8.append(byte)
            }
        }
        throw error("unexpected end of data in a string")
    }

    private mutating func hex4() throws(JSONScanError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("unexpected end of data in a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    private mutating func skipString() throws(JSONScanError) {
        offset += 1
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte == UInt8(ascii: "\\") {
                guard offset < bytes.count else { break }
                offset += 1
            } else if byte < 0x20 {
                offset -= 1
                throw error("unescaped control character in a string")
            }
        }
        throw error("unexpected end of data in a string")
    }
}
