/// Character classes used by the BERT normalizer and pre-tokenizer, matching
/// the Hugging Face `tokenizers` library (the reference implementation for
/// `tokenizer.json`).
///
/// `tokenizers` takes the general categories behind "control", "non-spacing
/// mark" and "punctuation" from tables frozen at Unicode 8.0, while whitespace,
/// case mapping and NFD follow a current Unicode version. So a scalar assigned
/// after Unicode 8.0 is never a control, accent or punctuation character here:
/// a newer emoji or symbol ends up inside a word (and so as `[UNK]`) rather
/// than being dropped or split off. A handful of scalars whose category changed
/// since 8.0 are listed explicitly.
enum BertCharacterClass {
    /// `\t`, `\n`, `\r` or a Unicode `White_Space` scalar.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value == 0x20 || (value >= 0x09 && value <= 0x0D) { return true }
        if value < 0x80 { return false }
        return scalar.properties.isWhitespace
    }

    /// A control character to be removed by `clean_text`: category Cc, Cf, Co
    /// or Cs as of Unicode 8.0, except `\t`, `\n` and `\r` (which count as
    /// whitespace). Unassigned code points are kept.
    @inline(__always)
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            if value == 0x09 || value == 0x0A || value == 0x0D { return false }
            return value < 0x20 || value == 0x7F
        }
        guard let category = legacyCategory(scalar) else { return false }
        switch category {
        case .control, .format, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// A non-spacing mark (Mn as of Unicode 8.0), removed when stripping accents.
    @inline(__always)
    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x300 { return false }
        return legacyCategory(scalar) == .nonspacingMark
    }

    /// BERT punctuation: ASCII 33–47, 58–64, 91–96, 123–126, or any scalar of a
    /// Unicode punctuation category (P*) as of Unicode 8.0.
    @inline(__always)
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 33 && value <= 47) || (value >= 58 && value <= 64)
                || (value >= 91 && value <= 96) || (value >= 123 && value <= 126)
        }
        guard let category = legacyCategory(scalar) else { return false }
        switch category {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// A CJK ideograph in the ranges BERT surrounds with spaces.
    @inline(__always)
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// The general category a scalar had in Unicode 8.0, or `nil` if it was
    /// not assigned then.
    static func legacyCategory(_ scalar: Unicode.Scalar) -> Unicode.GeneralCategory? {
        let properties = scalar.properties
        guard let age = properties.age, age.major < 8 || (age.major == 8 && age.minor == 0) else {
            return nil
        }
        switch scalar.value {
        case 0x1734, 0x1171E: return .nonspacingMark
        case 0x166D, 0x111C9: return .otherPunctuation
        case 0x1885, 0x1886: return .otherLetter
        case 0xA9BD: return .spacingMark
        default: return properties.generalCategory
        }
    }
}
