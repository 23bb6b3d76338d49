import BylineTestSupport
import CBylineScan
import Foundation
import Testing

/// The byte scans of CBylineScan: the path compiled for this machine (SSE2 on x86-64) gives what
/// the portable byte-by-byte path gives, on made-up edge cases and on real feeds.
@Suite struct ByteScanTests {
    /// The bytes that make a scan stop or a fold change something, and a few that do not.
    static let interesting: [UInt8] = [
        0x00, 0x01, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x20, 0x21, 0x26, 0x2D, 0x3C, 0x3F, 0x41, 0x5D, 0x7E,
        0x7F, 0x80, 0xA0, 0xC2, 0xE2, 0xE3, 0xFE, 0xFF,
    ]

    /// The `first` bytes of section scans: ']' (CDATA), '-' (comment), '?' (PI), and others.
    static let sectionFirsts: [UInt8] = [0x5D, 0x2D, 0x3F, 0x00, 0x80, 0xFF]

    /// Where the compiled path and the portable one disagree on `bytes`, as "scan at start: fast
    /// vs scalar" lines (empty when they agree): every scan from every start index when
    /// `everyStart`, else from stop to stop as ByteNormalizer walks; the fold; the markup test.
    static func differences(_ bytes: [UInt8], everyStart: Bool) -> [String] {
        bytes.withUnsafeBufferPointer { buffer -> [String] in
            let p = buffer.baseAddress
            let n = buffer.count
            var found: [String] = []
            func check(_ name: String, _ start: Int, _ fast: Int, _ scalar: Int) {
                if fast != scalar { found.append("\(name) from \(start): \(fast) vs \(scalar)") }
            }
            check("has_markup", 0, Int(byline_has_markup(p, n)), Int(byline_has_markup_scalar(p, n)))
            let fast = fold(buffer, byline_fold), scalar = fold(buffer, byline_fold_scalar)
            if fast != scalar { found.append("fold: \(fast) vs \(scalar)") }
            var scans: [(String, (Int) -> Int, (Int) -> Int)] = [
                ("scan_clean", { byline_scan_clean(p, n, $0) }, { byline_scan_clean_scalar(p, n, $0) }),
                ("scan_non_ascii", { byline_scan_non_ascii(p, n, $0) }, { byline_scan_non_ascii_scalar(p, n, $0) }),
            ]
            for first in sectionFirsts {
                scans.append(("scan_section(\(first))", { byline_scan_section(p, n, $0, first) },
                              { byline_scan_section_scalar(p, n, $0, first) }))
            }
            for (name, fastScan, scalarScan) in scans {
                if everyStart {
                    for i in 0...n { check(name, i, fastScan(i), scalarScan(i)) }
                } else {
                    var i = 0
                    while i < n {
                        let a = fastScan(i), b = scalarScan(i)
                        check(name, i, a, b)
                        guard a == b, a < n else { break }
                        i = a + 1
                    }
                }
            }
            return found
        }
    }

    /// What `kernel` folds `buffer` into (the returned count of bytes; never more than the input).
    static func fold(_ buffer: UnsafeBufferPointer<UInt8>,
                     _ kernel: (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?) -> Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: max(buffer.count, 1)) { out, count in
            out.initialize(repeating: 0xEE)
            count = min(kernel(buffer.baseAddress, buffer.count, out.baseAddress), buffer.count)
        }
    }

    @Test func the_compiled_width_is_the_architectures() {
        #if arch(x86_64)
        #expect(byline_scan_vector_width() == 16)
        #else
        #expect(byline_scan_vector_width() >= 1)
        #endif
    }

    @Test(arguments: 0...64)
    func one_special_byte_at_every_position_of_every_length(length: Int) {
        var found = Self.differences([UInt8](repeating: 0x61, count: length), everyStart: true)
        for special in Self.interesting {
            for position in 0..<length {
                var bytes = [UInt8](repeating: 0x61, count: length)  // 'a'
                bytes[position] = special
                found += Self.differences(bytes, everyStart: true).map { "0x\(String(special, radix: 16)) at \(position): \($0)" }
            }
        }
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    @Test(arguments: 0...64)
    func spaces_and_multibyte_spaces_cut_at_every_chunk_offset(length: Int) {
        // U+00A0, U+2009, U+205F and U+3000 with ASCII whitespace, a NUL, '&' and '<' between
        // plain letters, shifted so that each sequence straddles the 16-byte boundaries.
        let pattern: [UInt8] = [0x77, 0x20, 0x20, 0xC2, 0xA0, 0x6F, 0x09, 0xE2, 0x80, 0x89, 0x72, 0x0A, 0xE3, 0x80, 0x80,
                                0x64, 0x0D, 0x00, 0xE2, 0x81, 0x9F, 0x26, 0x3C]
        var found: [String] = []
        for shift in 0..<pattern.count {
            let bytes = (0..<length).map { pattern[($0 + shift) % pattern.count] }
            found += Self.differences(bytes, everyStart: true).map { "shift \(shift): \($0)" }
        }
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    @Test func every_byte_value_on_both_sides_of_chunk_boundaries() {
        var found: [String] = []
        for value in UInt8.min...UInt8.max {
            for position in [0, 1, 14, 15, 16, 17, 31, 32, 33, 47, 48, 62, 63] {
                var bytes = [UInt8](repeating: 0x20, count: 64)
                bytes[position] = value
                found += Self.differences(bytes, everyStart: true).map { "0x\(String(value, radix: 16)) at \(position): \($0)" }
            }
        }
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    @Test func feed_fixtures_scan_alike() throws {
        let folder = SharedData.packageRoot.appendingPathComponent("Tests/BylineFeedTests/Fixtures")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        try #require(names.count > 10)
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            let found = Self.differences(bytes, everyStart: false)
            #expect(found.isEmpty, "\(name): \(found.prefix(5))")
        }
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func corpus_snapshots_scan_alike() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: SharedData.corpus.path)
            .filter { $0.hasSuffix(".xml") }
            .sorted()
        try #require(!files.isEmpty)
        // Every tenth snapshot: about 120 real feeds in many encodings.
        for (index, path) in files.enumerated() where index % 10 == 0 {
            let bytes = try [UInt8](Data(contentsOf: SharedData.corpus.appendingPathComponent(path)))
            let found = Self.differences(bytes, everyStart: false)
            #expect(found.isEmpty, "\(path): \(found.prefix(5))")
        }
    }
}
