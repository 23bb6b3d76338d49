import Foundation

/// Writes the binary form of a ``StoryClusterer`` snapshot: fixed-width little-endian numbers,
/// strings and arrays prefixed with their count. Doubles and floats are written as their bit
/// patterns, so a value read back is the value written (no rounding through text).
struct SnapshotWriter {
    /// The bytes written so far (a snapshot of a year of stories is tens of megabytes, so arrays
    /// of numbers are copied in one step, not value by value).
    private var bytes: [UInt8] = []

    /// The snapshot.
    var data: Data { Data(bytes) }

    /// A writer with room for `capacity` bytes before it grows.
    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func int(_ value: Int) { append(Int64(value).littleEndian) }
    mutating func int32(_ value: Int32) { append(value.littleEndian) }
    mutating func int64(_ value: Int64) { append(value.littleEndian) }
    mutating func double(_ value: Double) { append(value.bitPattern.littleEndian) }
    mutating func float(_ value: Float) { append(value.bitPattern.littleEndian) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func date(_ value: Date) { double(value.timeIntervalSinceReferenceDate) }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    /// Raw bytes, without a count (the caller writes one).
    mutating func raw(_ value: Data) { bytes.append(contentsOf: value) }

    mutating func int32s(_ values: [Int32]) { int(values.count); appendAll(values) { $0 } }
    mutating func int64s(_ values: [Int64]) { int(values.count); appendAll(values) { $0 } }
    mutating func doubles(_ values: [Double]) { int(values.count); appendAll(values) { $0.bitPattern } }
    mutating func floats(_ values: [Float]) { int(values.count); appendAll(values) { $0.bitPattern } }
    mutating func ints(_ values: [Int]) { int(values.count); appendAll(values.map { Int64($0) }) { $0 } }

    /// A count, then each value as a 64-bit integer and a double (`pair` gives them).
    mutating func pairs<T>(_ values: [T], _ pair: (T) -> (Int64, Double)) {
        int(values.count)
        var flat: [UInt64] = []
        flat.reserveCapacity(2 * values.count)
        for value in values {
            let (a, b) = pair(value)
            flat.append(UInt64(bitPattern: a))
            flat.append(b.bitPattern)
        }
        appendAll(flat) { $0 }
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }

    /// Values in little-endian order: on a little-endian machine copied as they lie in memory,
    /// else each one's `bits` swapped.
    private mutating func appendAll<T, Bits: FixedWidthInteger>(_ values: [T], bits: (T) -> Bits) {
        #if _endian(little)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for value in values { append(bits(value).littleEndian) }
        #endif
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

    /// How many bytes were read so far.
    var position: Int { offset }

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

    /// Skips a string (its count, then its bytes).
    mutating func skipString() throws(Malformed) {
        offset += try count(elementSize: 1)
    }

    /// A count, then that many raw bytes (``SnapshotWriter/raw(_:)`` after a count).
    mutating func raw() throws(Malformed) -> Data {
        let count = try count(elementSize: 1)
        let data = Data(bytes[offset..<offset + count])
        offset += count
        return data
    }

    mutating func int32s() throws(Malformed) -> [Int32] { try fixedArray(Int32.self) }
    mutating func int64s() throws(Malformed) -> [Int64] { try fixedArray(Int64.self) }
    mutating func doubles() throws(Malformed) -> [Double] { try fixedArray(UInt64.self).map(Double.init(bitPattern:)) }
    mutating func floats() throws(Malformed) -> [Float] { try fixedArray(UInt32.self).map(Float.init(bitPattern:)) }
    mutating func ints() throws(Malformed) -> [Int] { try fixedArray(Int64.self).map { Int($0) } }

    /// What ``SnapshotWriter/pairs(_:_:)`` wrote, each pair made into a value by `make`.
    mutating func pairs<T>(_ make: (Int64, Double) -> T) throws(Malformed) -> [T] {
        let count = try count(elementSize: 16)
        let start = offset
        offset += count * 16
        return bytes.withUnsafeBytes { raw in
            (0..<count).map {
                make(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 16 * $0, as: Int64.self)),
                     Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 16 * $0 + 8, as: UInt64.self))))
            }
        }
    }

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
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        offset += size
        return T(littleEndian: value)
    }

    /// A counted array of fixed-width numbers, read in one pass.
    private mutating func fixedArray<T: FixedWidthInteger>(_ type: T.Type) throws(Malformed) -> [T] {
        let size = MemoryLayout<T>.size
        let count = try count(elementSize: size)
        let start = offset
        let values = bytes.withUnsafeBytes { raw in
            (0..<count).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: start + $0 * size, as: T.self)) }
        }
        offset += count * size
        return values
    }
}

/// Walks a record in place (no copy of its bytes), for checking its layout and reading a few
/// of its fields without decoding the rest; bounds are checked as ``SnapshotReader`` checks them.
/// Used only inside the `withUnsafeBytes` call that gives it the bytes.
struct SnapshotScanner {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func int() throws(SnapshotReader.Malformed) -> Int { Int(try fixed(Int64.self)) }
    mutating func double() throws(SnapshotReader.Malformed) -> Double { Double(bitPattern: try fixed(UInt64.self)) }
    mutating func bool() throws(SnapshotReader.Malformed) -> Bool { try fixed(UInt8.self) != 0 }

    /// Skips `count` bytes.
    mutating func skip(_ count: Int) throws(SnapshotReader.Malformed) {
        guard count >= 0, count <= bytes.count - offset else { throw SnapshotReader.Malformed() }
        offset += count
    }

    /// A count prefix, checked against the bytes left (each element takes at least `elementSize`).
    mutating func count(elementSize: Int) throws(SnapshotReader.Malformed) -> Int {
        let count = try int()
        guard count >= 0, count <= (bytes.count - offset) / max(1, elementSize) else { throw SnapshotReader.Malformed() }
        return count
    }

    /// Skips a counted array of `elementSize`-byte values; returns the count.
    @discardableResult
    mutating func skipArray(elementSize: Int) throws(SnapshotReader.Malformed) -> Int {
        let count = try count(elementSize: elementSize)
        offset += count * elementSize
        return count
    }

    /// A counted array of `Int32` values read in place: where its values start, and its count.
    mutating func int32s() throws(SnapshotReader.Malformed) -> (start: Int, count: Int) {
        let count = try count(elementSize: 4)
        defer { offset += count * 4 }
        return (offset, count)
    }

    /// The `index`-th `Int32` of an array that ``int32s()`` found at `start`.
    func int32(at start: Int, _ index: Int) -> Int32 {
        Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 4 * index, as: Int32.self))
    }

    /// A counted array of `Int64` values, read.
    mutating func int64s() throws(SnapshotReader.Malformed) -> [Int64] {
        let count = try count(elementSize: 8)
        let start = offset
        offset += count * 8
        return (0..<count).map { Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 8 * $0, as: Int64.self)) }
    }

    private mutating func fixed<T: FixedWidthInteger>(_ type: T.Type) throws(SnapshotReader.Malformed) -> T {
        let size = MemoryLayout<T>.size
        guard size <= bytes.count - offset else { throw SnapshotReader.Malformed() }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: value)
    }
}
