import Foundation

extension Feed {
    /// The kind of one of ``warnings``: the warning without where it was (`line 12: `,
    /// `item 3: `, `channel: `, `feed: `) and without what differs from one instance to the next
    /// (a date's text, a count, an entity's name, libxml2's details), so that the warnings of
    /// many documents can be counted by kind.
    ///
    /// `item 3: unparseable date 'yesterday'` is `unparseable date`; `line 7: 47 elements nested
    /// deeper than 256 left out (in item 2); the rest was read` is `elements nested deeper than
    /// 256 left out; the rest was read`; `item 2: arrays and objects nested 10002 deep, deeper
    /// than 512; the item was left out` is `arrays and objects nested deeper than 512; the item
    /// was left out`; `undefined entity &foo; kept as text` is `undefined entity kept as text`;
    /// `dropped 37 bytes of junk before the XML declaration` is `junk before the XML declaration
    /// dropped` (and `dropped 3 bytes before the first '<'` is `bytes before the first '<'
    /// dropped`); `line 9: Opening and ending tag mismatch: b line 9 and title; read in recovery
    /// mode` is `Opening and ending tag mismatch; read in recovery mode`. Any other warning is
    /// its text without the place.
    public static func warningKind(of warning: String) -> String {
        var text = Substring(warning)
        for place in ["line ", "item "] where text.hasPrefix(place) {
            let number = text.dropFirst(place.count).prefix { $0.isASCII && $0.isNumber }
            if !number.isEmpty, text.dropFirst(place.count + number.count).hasPrefix(": ") {
                text = text.dropFirst(place.count + number.count + 2)
            }
        }
        for place in ["channel: ", "feed: "] where text.hasPrefix(place) { text = text.dropFirst(place.count) }

        if text.hasPrefix("unparseable date ") { return "unparseable date" }
        if let nested = text.range(of: " nested deeper than "), let leftOut = text.range(of: " left out (", range: nested.upperBound..<text.endIndex),
           text.hasSuffix("; the rest was read") {
            return "elements nested deeper than \(text[nested.upperBound..<leftOut.lowerBound]) left out; the rest was read"
        }
        if text.hasPrefix("arrays and objects nested "), let deeper = text.range(of: " deep, deeper than ") {
            return "arrays and objects nested deeper than " + text[deeper.upperBound...]
        }
        if text.hasPrefix("undefined entity &"), text.hasSuffix("; kept as text") { return "undefined entity kept as text" }
        if text.hasPrefix("dropped "), let bytes = text.range(of: " bytes ") {
            let what = text[bytes.upperBound...]
            return (what.hasPrefix("of ") ? String(what.dropFirst(3)) : "bytes " + what) + " dropped"
        }
        let recovery = "; read in recovery mode"
        if text.hasSuffix(recovery) {
            let message = text.dropLast(recovery.count)
            // libxml2's details follow a colon after the name of the problem (`Opening and ending
            // tag mismatch: b line 9 and title`); a function's name before a colon stays.
            if let colon = message.range(of: ": "), message[..<colon.lowerBound].contains(" ") {
                return message[..<colon.lowerBound] + recovery
            }
            return String(text)
        }
        return String(text)
    }
}
