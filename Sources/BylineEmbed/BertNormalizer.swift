import Foundation

/// The `BertNormalizer` step of a `tokenizer.json` pipeline, applied one
/// Unicode scalar at a time so that a caller can stop early.
///
/// Per scalar, in the reference order: clean text (drop NUL, U+FFFD and
/// control characters, map whitespace to a space), isolate CJK ideographs,
/// strip accents (NFD, then drop non-spacing marks), lowercase (per-scalar full
/// lowercase mapping, no context-dependent rules).
struct BertNormalizer: Sendable, Equatable {
    var cleanText = true
    var handleChineseCharacters = true
    var stripAccents = true
    var lowercase = true

    /// How a source scalar relates to word boundaries after normalization.
    enum Boundary {
        /// The output scalars continue or start a word as classified by the
        /// pre-tokenizer.
        case none
        /// The output scalars form a word of their own (a CJK ideograph).
        case isolated
    }

    /// Normalizes one source scalar, appending the resulting scalars (zero or
    /// more) to `output`, which is cleared first.
    @inline(__always)
    func normalize(_ scalar: Unicode.Scalar, into output: inout [Unicode.Scalar]) -> Boundary {
        output.removeAll(keepingCapacity: true)
        let value = scalar.value

        // ASCII fast path: no decomposition, simple case mapping.
        if value < 0x80 {
            if cleanText {
                if BertCharacterClass.isControl(scalar) || value == 0 { return .none }
                if BertCharacterClass.isWhitespace(scalar) {
                    output.append(" ")
                    return .none
                }
            }
            if lowercase, value >= 0x41, value <= 0x5A {
                output.append(Unicode.Scalar(UInt8(value + 0x20)))
            } else {
                output.append(scalar)
            }
            return .none
        }

        var source = scalar
        if cleanText {
            if value == 0xFFFD || BertCharacterClass.isControl(scalar) { return .none }
            if BertCharacterClass.isWhitespace(scalar) { source = " " }
        }
        let boundary: Boundary =
            handleChineseCharacters && BertCharacterClass.isChineseCharacter(source) ? .isolated : .none

        if stripAccents {
            Self.appendCanonicalDecomposition(of: source, to: &output)
            output.removeAll(where: BertCharacterClass.isNonspacingMark)
        } else {
            output.append(source)
        }
        if lowercase {
            var index = 0
            while index < output.count {
                let current = output[index]
                if current.value < 0x80 {
                    if current.value >= 0x41, current.value <= 0x5A {
                        output[index] = Unicode.Scalar(UInt8(current.value + 0x20))
                    }
                    index += 1
                } else if !current.properties.changesWhenLowercased {
                    index += 1
                } else {
                    let mapped = Array(current.properties.lowercaseMapping.unicodeScalars)
                    output.replaceSubrange(index...index, with: mapped)
                    index += mapped.count
                }
            }
        }
        return boundary
    }

    /// Appends the canonical (NFD) decomposition of a single scalar.
    private static func appendCanonicalDecomposition(
        of scalar: Unicode.Scalar, to output: inout [Unicode.Scalar]
    ) {
        let value = scalar.value
        // Hangul syllables decompose algorithmically (Unicode §3.12).
        if value >= 0xAC00, value <= 0xD7A3 {
            let index = value - 0xAC00
            let lead = 0x1100 + index / 588
            let vowel = 0x1161 + (index % 588) / 28
            let trail = index % 28
            output.append(Unicode.Scalar(lead)!)
            output.append(Unicode.Scalar(vowel)!)
            if trail != 0 { output.append(Unicode.Scalar(0x11A7 + trail)!) }
            return
        }
        // Unified ideographs and most letters outside the ranges below have no
        // canonical decomposition; skip the Foundation call for them.
        if Self.hasNoCanonicalDecomposition(value) {
            output.append(scalar)
            return
        }
        let decomposed = String(Character(scalar)).decomposedStringWithCanonicalMapping
        output.append(contentsOf: decomposed.unicodeScalars)
    }

    /// Conservative test for scalars known to have no canonical decomposition.
    @inline(__always)
    private static func hasNoCanonicalDecomposition(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF:  // CJK unified ideographs
            return true
        case 0x2010...0x2027, 0x2030...0x205E:  // general punctuation (not the spaces)
            return true
        case 0x0410...0x0418, 0x041A...0x0438, 0x043A...0x044F:  // basic Cyrillic letters but Й, й
            return true
        default:
            return false
        }
    }
}
