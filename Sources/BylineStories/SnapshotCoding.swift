import Foundation

/// Writes the binary form of a ``StoryClusterer`` snapshot: fixed-width little-endian numbers,
/// strings and arrays prefixed with their count. Doubles and floats are written as their bit
/// patterns, so a value read back is the value written (no rounding through text).
struct SnapshotWriter {
    private(set) var data = Data()

    mutating func int(_ value: Int) { append(Int64(value).littleEndian) }
    mutating func int32(_ value: Int32) { append(value.littleEndian) }
    mutating func int64(_ value: Int64) { append(value.littleEndian) }
    mutating func double(_ value: Double) { append(value.bitPattern.littleEndian) }
    mutating func float(_ value: Float) { append(value.bitPattern.littleEndian) }
    mutating func bool(_ value: Bool) { data.append(value ? 1 : 0) }
    mutating func date(_ value: Date) { double(value.timeIntervalSinceReferenceDate) }

    mutating func string(_ value: String) {
        let bytes = Array(value.utf8)
        int(bytes.count)
        data.append(contentsOf: bytes)
    }

    mutating func int32s(_ values: [Int32]) { int(values.count); for value in values { int32(value) } }
    mutating func int64s(_ values: [Int64]) { int(values.count); for value in values { int64(value) } }
    mutating func doubles(_ values: [Double]) { int(values.count); for value in values { double(value) } }
    mutating func floats(_ values: [Float]) { int(values.count); for value in values { float(value) } }
    mutating func ints(_ values: [Int]) { int(values.count); for value in values { int(value) } }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { data.append(contentsOf: $0) }
    }
}

/// Reads what ``SnapshotWriter`` wrote; every read checks the bounds and throws
/// ``SnapshotReader/Malformed`` past the end or on an impossible count.
struct SnapshotReader {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var offset = 0

    init(_ data: Data) { bytes = Array(data) }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func int() throws(Malformed) -> Int { Int(try fixed(Int64.self)) }
    mutating func int32() throws(Malformed) -> Int32 { try fixed(Int32.self) }
    mutating func int64() throws(Malformed) -> Int64 { try fixed(Int64.self) }
    mutating func double() throws(Malformed) -> Double { Double(bitPattern: try fixed(UInt64.self)) }
    mutating func float() throws(Malformed) -> Float { Float(bitPattern: try fixed(UInt32.self)) }
    mutating func date() throws(Malformed) -> Date { Date(timeIntervalSinceReferenceDate: try double()) }

    mutating func bool() throws(Malformed) -> Bool {
        guard offset < bytes.count else { throw Malformed() }
        offset += 1
        return bytes[offset - 1] != 0
    }

    mutating func string() throws(Malformed) -> String {
        let count = try count(elementSize: 1)
        let text = String(decoding: bytes[offset..<offset + count], as: UTF8.self)
        offset += count
        return text
    }

    mutating func int32s() throws(Malformed) -> [Int32] { try array(4) { (r: inout SnapshotReader) throws(Malformed) in try r.int32() } }
    mutating func int64s() throws(Malformed) -> [Int64] { try array(8) { (r: inout SnapshotReader) throws(Malformed) in try r.int64() } }
    mutating func doubles() throws(Malformed) -> [Double] { try array(8) { (r: inout SnapshotReader) throws(Malformed) in try r.double() } }
    mutating func floats() throws(Malformed) -> [Float] { try array(4) { (r: inout SnapshotReader) throws(Malformed) in try r.float() } }
    mutating func ints() throws(Malformed) -> [Int] { try array(8) { (r: inout SnapshotReader) throws(Malformed) in try r.int() } }

    /// A count prefix, checked against the bytes left (each element takes at least
    /// `elementSize` bytes).
    mutating func count(elementSize: Int) throws(Malformed) -> Int {
        let count = try int()
        guard count >= 0, count <= (bytes.count - offset) / max(1, elementSize) else { throw Malformed() }
        return count
    }

    /// A counted array of elements read by `element`.
    mutating func array<T>(_ elementSize: Int, _ element: (inout SnapshotReader) throws(Malformed) -> T) throws(Malformed) -> [T] {
        let count = try count(elementSize: elementSize)
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(&self)) }
        return result
    }

    private mutating func fixed<T: FixedWidthInteger>(_ type: T.Type) throws(Malformed) -> T {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else { throw Malformed() }
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { target in
            for index in 0..<size { target[index] = bytes[offset + index] }
        }
        offset += size
        return T(littleEndian: value)
    }
}
