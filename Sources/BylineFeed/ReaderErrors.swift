internal import CLibXML2
import Foundation

/// Collects what libxml2 reports through a per-parse structured error handler (the SAX
/// handler's `serror`, or a reader's `xmlTextReaderSetStructuredErrorHandler`).
final class ReaderErrors {
    /// 1-based line of the first error (level error or fatal), 0 when none named one.
    var firstLine = 0
    /// libxml2's text for the first error.
    var firstMessage: String?
    /// libxml2's `xmlParserErrors` code of the first error, 0 when none.
    var firstCode: Int32 = 0
    /// How many errors were reported.
    var count = 0
    /// Whether only fatal errors (well-formedness) count, not namespace or validity errors.
    let fatalOnly: Bool

    /// libxml2's own nesting limit (256 without `HUGE`) as the first message says it.
    static let depthMessage = "elements nested deeper than 256"

    /// Creates an empty collector.
    ///
    /// - Parameter fatalOnly: count only errors of level `XML_ERR_FATAL` (false: error and fatal).
    init(fatalOnly: Bool = false) {
        self.fatalOnly = fatalOnly
    }

    /// Counts `error` when it is of level error or fatal, and keeps it when it is the first.
    func record(_ error: xmlError) {
        guard error.level.rawValue >= (fatalOnly ? XML_ERR_FATAL : XML_ERR_ERROR).rawValue else { return }
        count += 1
        if firstMessage == nil {
            firstLine = Int(error.line)
            firstCode = error.code
            let text = error.message.map { String(cString: $0) } ?? "error \(error.code)"
            if text.hasPrefix("Excessive depth in document") {
                // libxml2's own nesting limit (256 without `HUGE`), said plainly.
                firstMessage = Self.depthMessage
            } else {
                firstMessage = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
    }
}
