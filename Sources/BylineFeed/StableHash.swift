/// A hash that is the same on every run and machine, for identities stored on disk.
///
/// Swift's `Hasher` is seeded per process, so it cannot name anything that outlives one run.
public enum StableHash {
    /// The 64-bit FNV-1a hash of the UTF-8 bytes of `text`
    /// (Fowler/Noll/Vo, offset basis 0xcbf29ce484222325, prime 0x100000001b3).
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// ``fnv1a64(_:)`` as 16 lower-case hex digits, zero-padded.
    public static func fnv1a64Hex(_ text: String) -> String {
        let hex = String(fnv1a64(text), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
