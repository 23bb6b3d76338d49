#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts the attributes of each start tag in the bytes about to go to libxml2, across chunk
/// boundaries, so that a tag with too many is refused before libxml2 reads it.
///
/// libxml2 2.9.14 checks each attribute of a start tag against all earlier ones of that tag (and
/// each namespace declaration likewise), inside one call: the time grows with the square of the
/// count (100,000 attributes 2.2 s, 400,000 40 s) and no SAX callback runs until the tag is done,
/// so the limit has to be applied before. An attribute is counted at its `=` outside quotes in a
/// start tag; comments, CDATA sections, processing instructions and the DOCTYPE (with its
/// internal subset) are skipped. The scan costs one `memchr` per tag in text.
struct AttributeScan {
    /// Where the scan is in the markup.
    private enum State {
        case text
        /// After `<`, before the next byte says what opens.
        case open
        case startTag
        case quoted(UInt8)
        /// An end tag, or a declaration outside the DOCTYPE's internal subset.
        case otherTag
        /// After `<!`, deciding between a comment, CDATA and a declaration.
        case bang(seen: Int)
        case comment
        case cdata
        case processingInstruction
        /// A `<!DOCTYPE` or other declaration: brackets of the internal subset counted, quotes skipped.
        case declaration(depth: Int, quote: UInt8?)
        /// A comment inside the internal subset.
        case subsetComment(depth: Int)
    }

    /// The most attributes (namespace declarations included) one start tag may have.
    let limit: Int
    private var state = State.text
    private var count = 0
    /// The last bytes seen inside a comment, CDATA section or PI, to find its end across chunks.
    private var last: (UInt8, UInt8) = (0, 0)
    /// 1-based line of the scan position.
    private(set) var line = 1

    init(limit: Int) {
        self.limit = limit
    }

    /// Scans the next bytes of the document.
    ///
    /// - Returns: the 1-based line of a start tag with more than ``limit`` attributes, or nil.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let end = bytes.count
        var index = 0
        while index < end {
            if case .text = state {
                // Jump to the next tag, counting the lines passed.
                guard let found = memchr(base + index, 0x3C, end - index) else {
                    line += newlines(base + index, end - index)
                    return nil
                }
                let at = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                line += newlines(base + index, at - index)
                state = .open
                index = at + 1
                continue
            }
            let byte = base[index]
            index += 1
            if byte == 0x0A { line += 1 }
            switch state {
            case .text:
                break
            case .open:
                switch byte {
                case UInt8(ascii: "!"): state = .bang(seen: 0)
                case UInt8(ascii: "?"): state = .processingInstruction; last = (0, 0)
                case UInt8(ascii: "/"): state = .otherTag
                case UInt8(ascii: ">"): state = .text
                default: state = .startTag; count = 0
                }
            case .startTag:
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "'"): state = .quoted(byte)
                case UInt8(ascii: "="):
                    count += 1
                    if count > limit { return line }
                case UInt8(ascii: ">"): state = .text
                default: break
                }
            case .quoted(let quote):
                if byte == quote { state = .startTag }
            case .otherTag:
                if byte == UInt8(ascii: ">") { state = .text }
            case .bang(let seen):
                if seen == 0, byte == UInt8(ascii: "-") {
                    state = .bang(seen: 1)
                } else if seen == 1, byte == UInt8(ascii: "-") {
                    state = .comment; last = (0, 0)
                } else if seen == 0, byte == UInt8(ascii: "[") {
                    state = .cdata; last = (0, 0)
                } else if byte == UInt8(ascii: ">") {
                    state = .text
                } else {
                    state = .declaration(depth: byte == UInt8(ascii: "[") ? 1 : 0, quote: nil)
                    last = (0, byte)
                }
            case .comment:
                if byte == UInt8(ascii: ">"), last == (UInt8(ascii: "-"), UInt8(ascii: "-")) { state = .text }
                last = (last.1, byte)
            case .cdata:
                if byte == UInt8(ascii: ">"), last == (UInt8(ascii: "]"), UInt8(ascii: "]")) { state = .text }
                last = (last.1, byte)
            case .processingInstruction:
                if byte == UInt8(ascii: ">"), last.1 == UInt8(ascii: "?") { state = .text }
                last = (last.1, byte)
            case .declaration(let depth, let quote):
                let previous = last
                last = (last.1, byte)
                if let quote {
                    if byte == quote { state = .declaration(depth: depth, quote: nil) }
                } else if byte == UInt8(ascii: "-"), previous == (UInt8(ascii: "!"), UInt8(ascii: "-")) {
                    // `<!--` inside the internal subset: an apostrophe in it is no quote.
                    state = .subsetComment(depth: depth)
                    last = (0, 0)
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    state = .declaration(depth: depth, quote: byte)
                } else if byte == UInt8(ascii: "[") {
                    state = .declaration(depth: depth + 1, quote: nil)
                } else if byte == UInt8(ascii: "]") {
                    state = .declaration(depth: max(0, depth - 1), quote: nil)
                } else if byte == UInt8(ascii: ">"), depth == 0 {
                    state = .text
                }
            case .subsetComment(let depth):
                if byte == UInt8(ascii: ">"), last == (UInt8(ascii: "-"), UInt8(ascii: "-")) {
                    state = .declaration(depth: depth, quote: nil)
                    last = (0, 0)
                } else {
                    last = (last.1, byte)
                }
            }
        }
        return nil
    }

    private func newlines(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var lines = 0
        var pointer = UnsafeRawPointer(start)
        var left = count
        while left > 0, let found = memchr(pointer, 0x0A, left) {
            lines += 1
            let next = UnsafeRawPointer(found) + 1
            left -= next - pointer
            pointer = next
        }
        return lines
    }
}
