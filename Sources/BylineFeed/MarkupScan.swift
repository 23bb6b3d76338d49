#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the bytes about to go to libxml2, across chunk boundaries, for what must be settled
/// before libxml2 reads them: start tags with too many attributes, and elements nested too deep.
///
/// libxml2 2.9.14 checks each attribute of a start tag against all earlier ones of that tag (and
/// each namespace declaration likewise), inside one call: the time grows with the square of the
/// count (100,000 attributes 2.2 s, 400,000 40 s) and no SAX callback runs until the tag is done,
/// so the limit has to be applied before. An attribute is counted at its `=` outside quotes in a
/// start tag; comments, CDATA sections, processing instructions and the DOCTYPE (with its
/// internal subset) are skipped. The scan costs one `memchr` per tag in text and one per quoted
/// value, end tag, comment, CDATA section or processing instruction (to the byte that can close
/// it), and one count of the line feeds of each chunk.
///
/// Depth: the scan counts open elements (a start tag not ending in `/>` opens one, an end tag
/// closes one, as libxml2's recovering parser pairs them). An element that would be deeper than
/// ``maxDepth`` (root = 0) is cut out whole, from its `<` to the `>` of its end tag
/// (``Cut``), so that libxml2 never holds more than ``maxDepth`` open elements (its stacks grow
/// with the depth) while the rest of the document, the later items included, is read. Elements
/// made by entity expansion are not seen here; the SAX pass's own depth check stops those.
struct MarkupScan {
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
    /// The deepest element kept (root = 0); deeper ones are cut out.
    let maxDepth: Int
    private var state = State.text
    private var count = 0
    /// Elements open at the scan position.
    private(set) var open = 0
    /// Absolute offset of the `<` of the markup being read (valid after `.text`).
    private var tagStart = 0
    /// The byte before the current one in a start tag (a `/` before `>` closes the element).
    private var tagLast: UInt8 = 0
    /// The cut in progress: where it starts, the open elements outside it, its line and the
    /// elements in it so far.
    private var cutting: (from: Int, outside: Int, line: Int, elements: Int)?

    /// A stretch of the document left out because its elements are nested deeper than
    /// ``maxDepth``: absolute byte offsets `from..<to` (from a `<` to just past a `>`), the
    /// 1-based line it starts on and the start tags in it.
    struct Cut: Equatable {
        var from: Int
        var to: Int
        var line: Int
        var elements: Int
    }

    /// Whether a cut is in progress (its element has not closed yet).
    var isCutting: Bool { cutting != nil }

    /// Cuts completed by the scans so far and not yet taken (``takeCuts()``).
    private var cuts: [Cut] = []
    /// The first byte not known yet to go to libxml2: the start of a cut in progress, or a
    /// `<` at the end of the bytes scanned whose kind the next byte tells; nil when every
    /// byte scanned may go.
    var heldFrom: Int? {
        if let cutting { return cutting.from }
        if case .open = state { return tagStart }
        return nil
    }
    /// The last bytes seen inside a comment, CDATA section or PI, to find its end across chunks.
    private var last: (UInt8, UInt8) = (0, 0)
    /// Newlines in the bytes scanned before the current call.
    private var linesBefore = 0
    /// 1-based line of the scan position (after the last bytes scanned).
    var line: Int { linesBefore + 1 }

    init(limit: Int, maxDepth: Int = .max) {
        self.limit = limit
        self.maxDepth = maxDepth
    }

    /// The cuts completed since the last call, in document order.
    mutating func takeCuts() -> [Cut] {
        defer { cuts = [] }
        return cuts
    }

    /// Scans the next bytes of the document, which start at absolute offset `offset`.
    ///
    /// - Returns: the 1-based line of a start tag with more than ``limit`` attributes, or nil.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int = 0) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let end = bytes.count
        if let at = find(base, end, offset: offset) {
            // Lines are counted only for the answer, not while scanning.
            return linesBefore + 1 + Self.newlines(UnsafeBufferPointer(start: base, count: at))
        }
        linesBefore += Self.newlines(bytes)
        return nil
    }

    /// The scan proper: the index just past the `=` that took a start tag over the limit, or nil.
    private mutating func find(_ base: UnsafePointer<UInt8>, _ end: Int, offset: Int) -> Int? {
        var index = 0
        while index < end {
            if case .text = state {
                // Jump to the next tag.
                guard let found = memchr(base + index, 0x3C, end - index) else { return nil }
                state = .open
                index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
                tagStart = offset + index - 1
                continue
            }
            if case .startTag = state {
                // Names and spaces up to the next quote, `=` or `>`, in one tight loop.
                var previous = tagLast
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
                        if previous != UInt8(ascii: "/") { open += 1 } else { closed(at: offset + index) }
                        break
                    }
                    previous = byte
                }
                tagLast = previous
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
                default:
                    state = .startTag; count = 0; tagLast = byte
                    if cutting != nil {
                        cutting!.elements += 1
                    } else if open > maxDepth {
                        let before = tagStart - offset
                        let line = linesBefore + 1 + (before > 0 ? Self.newlines(UnsafeBufferPointer(start: base, count: before)) : 0)
                        cutting = (tagStart, open, line, 1)
                    }
                }
            case .startTag:
                break  // read above
            case .quoted(let quote):
                if byte == quote { state = .startTag; tagLast = byte }
            case .otherTag:
                if byte == UInt8(ascii: ">") {
                    state = .text
                    open = max(0, open - 1)
                    closed(at: offset + index)
                }
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

    /// Ends the cut in progress when the element that started it has just closed, its last
    /// byte before absolute offset `end`.
    private mutating func closed(at end: Int) {
        guard let cut = cutting, open == cut.outside else { return }
        cutting = nil
        cuts.append(Cut(from: cut.from, to: end, line: cut.line, elements: cut.elements))
    }

    /// The line feeds in `bytes`, sixteen bytes at a time.
    static func newlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
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
