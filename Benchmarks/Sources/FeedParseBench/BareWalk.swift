import BenchLibXML2
import Foundation

/// The ceiling: libxml2's streaming reader over a document, building nothing.
enum BareWalk {
    /// Reads every node of `data`; returns the number of `item`/`entry` elements seen.
    static func count(_ data: Data) -> Int {
        data.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self),
                  let reader = xmlReaderForMemory(base, Int32(raw.count), nil, nil,
                                                  Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_RECOVER.rawValue))
            else { return 0 }
            defer { xmlFreeTextReader(reader) }
            var items = 0
            while xmlTextReaderRead(reader) == 1 {
                if xmlTextReaderNodeType(reader) == 1, let name = xmlTextReaderConstLocalName(reader) {
                    if strcmp(name, "item") == 0 || strcmp(name, "entry") == 0 { items += 1 }
                }
            }
            return items
        }
    }
}
