import BenchLibXML2
import Foundation

/// The second ceiling: libxml2's SAX2 push parser (`xmlCreatePushParserCtxt` + `xmlParseChunk`
/// in 256 KiB chunks, as Byline's parser feeds it) over a document, with C callbacks that only
/// count `item`/`entry` start tags and build nothing (`benchlibxml2_sax_count` in the shim).
enum BareSAXWalk {
    /// Parses `data`; returns the number of `item`/`entry` elements seen.
    static func count(_ data: Data) -> Int {
        data.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return 0 }
            return Int(benchlibxml2_sax_count(base, Int32(raw.count), 256 << 10))
        }
    }
}
