/// Text as Byline writes it for a terminal (the commands' standard output and error, other than
/// the data formats, and `summary.txt`): the Unicode bidirectional formatting characters are made
/// visible as `<U+202E>`, so that a feed's text cannot reorder what follows it on the line (a
/// title `Bidi <U+202E> evil txt.exe` printed raw shows as `Bidi exe.txt live`, and so does the
/// rest of its table row). The store, the CSV, JSON and HTML reports and `parse`'s output keep
/// the characters as the feed has them: there they are data (right-to-left text uses them), and
/// HTML isolates them per element.
///
/// The other control characters never reach a terminal from a feed: the parser drops C0
/// controls other than tab, LF and CR, ESC among them (`ByteNormalizer`, `HTMLText`), since XML
/// forbids them, and reads C1 code points as windows-1252.
public enum TerminalText {
    /// The bidirectional formatting characters made visible: the embeddings and overrides
    /// U+202A-U+202E (LRE, RLE, PDF, LRO, RLO) and the isolates U+2066-U+2069 (LRI, RLI, FSI,
    /// PDI). These start a direction that lasts to the end of the line or paragraph. The marks
    /// U+200E, U+200F and U+061C (LRM, RLM, ALM) are kept: each only sets the direction of the
    /// punctuation beside it, cannot reverse a run of text, and right-to-left headlines use them.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// `text` with each bidirectional formatting character (``isBidiControl(_:)``) written as
    /// `<U+XXXX>` (four upper-case hex digits); `text` itself when it has none (a scan of its
    /// UTF-8 bytes for the lead byte 0xE2 those characters share with other punctuation).
    public static func visible(_ text: String) -> String {
        guard text.utf8.contains(0xE2), text.unicodeScalars.contains(where: isBidiControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isBidiControl(scalar) {
                out.append(contentsOf: "<U+\(String(scalar.value, radix: 16, uppercase: true))>".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
