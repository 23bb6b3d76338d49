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
/// internal subset) are skipped. The scan costs one `memchr` per tag in text and one per quoted
/// value, end tag, comment, CDATA section or processing instruction (to the byte that can close
/// it), and one count of the line feeds of each chunk.
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
    /// Newlines in the bytes scanned before the current call.
    private var linesBefore = 0
    /// 1-based line of the scan position (after the last bytes scanned).
    var line: Int { linesBefore + 1 }

    init(limit: Int) {
        self.limit = limit
    }

    /// Scans the next bytes of the document.
    ///
    /// - Returns: the 1-based line of a start tag with more than ``limit`` attributes, or nil.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let end = bytes.count
        if let at = find(base, end) {
            // Lines are counted only for the answer, not while scanning.
            return linesBefore + 1 + Self.newlines(UnsafeBufferPointer(start: base, count: at))
        }
        linesBefore += Self.newlines(bytes)
        return nil
    }

    /// The scan proper: the index just past the `=` that took a start tag over the limit, or nil.
    private mutating func find(_ base: UnsafePointer<UInt8>, _ end: Int) -> Int? {
        var index = 0
        while index < end {
            if case .text = state {
                // Jump to the next tag.
                guard let found = memchr(base + index, 0x3C, end - index) else { return nil }
                state = .open
                index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
                continue
            }
            if case .startTag = state {
                // Names and spaces up to the next quote, `=` or `>`, in one tight loop.
                while index < end {
                    let byte = base[index]
                    index += 1
                    if byte == UInt8(ascii: "=") {
                        count += 1
                        if count > limit { return index }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        state = .quoted(byte)
                        break
                    } else if byte == UInt8(ascii: ">") {
                        state = .text
                        break
                    }
                }
                continue
            }
            // Inside a quoted value, a comment, a CDATA section, a PI or an end tag only one byte
            // can change the state: jump to it (or to the end of the bytes), keeping the last
            // two bytes passed.
            let stop: UInt8?
            switch state {
            case .quoted(let quote): stop = quote
            case .comment, .cdata, .processingInstruction, .otherTag: stop = UInt8(ascii: ">")
            default: stop = nil
            }
            if let stop, base[index] != stop {
                let found = memchr(base + index, Int32(stop), end - index)
                let at = found.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) - base } ?? end
                last = at - index >= 2 ? (base[at - 2], base[at - 1]) : (last.1, base[at - 1])
                index = at
                if index == end { return nil }
            }
            let byte = base[index]
            index += 1
            switch state {
            case .text:
                break  // read above
            case .open:
                switch byte {
                case UInt8(ascii: "!"): state = .bang(seen: 0)
                case UInt8(ascii: "?"): state = .processingInstruction; last = (0, 0)
                case UInt8(ascii: "/"): state = .otherTag
                case UInt8(ascii: ">"): state = .text
                default: state = .startTag; count = 0
                }
            case .startTag:
                break  // read above
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

    /// The line feeds in `bytes`, sixteen bytes at a time.
    private static func newlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        let lineFeed = SIMD16<UInt8>(repeating: 0x0A), zero = SIMD16<UInt8>()
        var lines = 0
        var index = 0
        while count - index >= 16 {
            // At most 255 blocks per lane sum, so that no UInt8 lane overflows.
            var sums = SIMD16<UInt8>()
            var blocks = 0
            while blocks < 255, count - index >= 16 {
                let block = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                sums &+= zero.replacing(with: 1, where: block .== lineFeed)
                index += 16
                blocks += 1
            }
            for lane in 0..<16 { lines += Int(sums[lane]) }
        }
        while index < count {
            if base[index] == 0x0A { lines += 1 }
            index += 1
        }
        return lines
    }
}
