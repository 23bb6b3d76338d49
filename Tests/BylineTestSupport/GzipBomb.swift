/// A small compression bomb for fetch tests: 1,051 bytes of gzip that inflate to 1 MiB of zeros.
public enum GzipBomb {
    /// Python's `gzip.compress(bytes(1 << 20), 9, mtime=0)`: this header, 1,016 zero bytes and
    /// this trailer (CRC-32 and length 1048576).
    public static let oneMiBOfZeros: [UInt8] =
        hex("1f8b08000000000002ffedc13101000000c2a0f54f6d085fa0") + [UInt8](repeating: 0, count: 1016)
        + hex("3e031cea38a700001000")

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
