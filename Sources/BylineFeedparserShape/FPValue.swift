import Foundation

/// A value in feedparser's result shape while it is being built: strings, numbers, flags,
/// dictionaries and lists with reference semantics (feedparser mutates nested dictionaries in
/// place, e.g. `context['authors'][-1]['name'] = value`, and the port keeps that shape).
enum FPValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case dict(FPDict)
    case list(FPList)
    /// A `*_parsed` date: the 9-element UTC tuple of Python's `time.struct_time`.
    case time([Int])

    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var dict: FPDict? { if case .dict(let d) = self { return d } else { return nil } }
    var list: FPList? { if case .list(let l) = self { return l } else { return nil } }

    /// Python truthiness.
    var truthy: Bool {
        switch self {
        case .string(let s): return !s.isEmpty
        case .int(let i): return i != 0
        case .bool(let b): return b
        case .null: return false
        case .dict(let d): return !d.keys.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .time: return true
        }
    }

    /// Structural equality (Python `==`), used for the tag de-duplication.
    func equals(_ other: FPValue) -> Bool {
        switch (self, other) {
        case (.string(let a), .string(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.time(let a), .time(let b)): return a == b
        case (.dict(let a), .dict(let b)):
            guard Set(a.keys) == Set(b.keys) else { return false }
            return a.keys.allSatisfy { a[$0]!.equals(b[$0]!) }
        case (.list(let a), .list(let b)):
            return a.items.count == b.items.count && zip(a.items, b.items).allSatisfy { $0.equals($1) }
        default: return false
        }
    }

    /// A deep copy (Python `copy.deepcopy`).
    func copied() -> FPValue {
        switch self {
        case .dict(let d): return .dict(d.copied())
        case .list(let l): return .list(FPList(l.items.map { $0.copied() }))
        default: return self
        }
    }

    /// Appends this value as JSON (UTF-8).
    func writeJSON(into out: inout [UInt8]) {
        switch self {
        case .string(let s): FPValue.writeString(s, into: &out)
        case .int(let i): out += String(i).utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .time(let t): out += ("[" + t.map(String.init).joined(separator: ",") + "]").utf8
        case .list(let l):
            out.append(UInt8(ascii: "["))
            for (i, v) in l.items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.writeJSON(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .dict(let d):
            out.append(UInt8(ascii: "{"))
            for (i, k) in d.keys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                FPValue.writeString(k, into: &out)
                out.append(UInt8(ascii: ":"))
                d.values[k]!.writeJSON(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `s` as a JSON string: quotes, backslashes and control characters escaped, runs of other
    /// bytes copied whole.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { p in
            var runStart = 0
            for i in 0..<p.count {
                let b = p[i]
                if b >= 0x20 && b != 0x22 && b != 0x5C { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<i]))
                switch b {
                case 0x22: out += "\\\"".utf8
                case 0x5C: out += "\\\\".utf8
                case 0x0A: out += "\\n".utf8
                case 0x0D: out += "\\r".utf8
                case 0x09: out += "\\t".utf8
                default: out += String(format: "\\u%04x", b).utf8
                }
                runStart = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<p.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// An insertion-ordered dictionary with reference semantics (a `FeedParserDict`).
final class FPDict {
    private(set) var keys: [String] = []
    private(set) var values: [String: FPValue] = [:]

    init() {}
    init(_ pairs: [(String, FPValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    subscript(key: String) -> FPValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    func has(_ key: String) -> Bool { values[key] != nil }

    /// `dict.setdefault`: the existing value, or `value` stored and returned.
    @discardableResult
    func setDefault(_ key: String, _ value: FPValue) -> FPValue {
        if let v = values[key] { return v }
        self[key] = value
        return value
    }

    func string(_ key: String) -> String? { values[key]?.string }

    func removeAll() {
        keys = []
        values = [:]
    }

    func copied() -> FPDict {
        let d = FPDict()
        for k in keys { d[k] = values[k]!.copied() }
        return d
    }
}

/// A list with reference semantics.
final class FPList {
    var items: [FPValue]
    init(_ items: [FPValue] = []) { self.items = items }
}
