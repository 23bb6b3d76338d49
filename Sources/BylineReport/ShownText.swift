/// How the reports (CSV, text, HTML, JSON), `byline stories` and `byline compare` show an item's
/// text: titles and headlines cut to 300 characters, other texts (fact sentences, the words an
/// edit removed or added) to 1,000, guids and links to 2,000, each cut marked the same way; an
/// item with no title is shown by its summary. The store keeps every text whole; only what is
/// shown is cut. Reports name an item by its guid as shown: two guids of one outlet that agree
/// in their first 2,000 characters and in length are shown alike.
///
/// A feed that puts megabytes into one title (broken or hostile) made one story page 19.7 MB
/// and `stories.json` 9.9 MB, since the title is repeated in every table that names the item.
public enum ShownText {
    /// Characters of a title or headline shown (the longest title of headlines-2021-09: 191).
    public static let titleLimit = 300
    /// Characters of a sentence or an edit's words shown (the longest summary of
    /// headlines-2021-09: 2,166 characters; its longest sentence is far shorter).
    public static let textLimit = 1_000
    /// Characters of a guid or link shown (the longest of headlines-2021-09: a guid of 219, a
    /// link of 227): links of up to 2,000 characters, what browsers and the sitemap protocol
    /// take, stay whole and can be followed; a longer one is cut and marked, and the HTML pages
    /// link it no more (a cut link leads nowhere).
    public static let identifierLimit = 2_000
    /// What stands before a headline made from the summary of an item with no title.
    public static let noTitleMark = "[no title] "

    /// A title as shown: `text` when it has at most ``titleLimit`` characters, else its first
    /// ``titleLimit`` characters and the mark ``cutMark(_:)``.
    public static func title(_ text: String) -> String { cut(text, titleLimit) }

    /// A sentence or other text as shown: cut like ``title(_:)`` at ``textLimit`` characters.
    public static func text(_ text: String) -> String { cut(text, textLimit) }

    /// A guid as shown (`item_guid`, `wire_copy_of`): cut like ``title(_:)`` at
    /// ``identifierLimit`` characters.
    public static func guid(_ guid: String) -> String { cut(guid, identifierLimit) }

    /// A link as shown (`item_link`): cut like ``title(_:)`` at ``identifierLimit`` characters;
    /// nil stays nil.
    public static func link(_ link: String?) -> String? { link.map { cut($0, identifierLimit) } }

    /// The headline of an item: its title as ``title(_:)`` shows it; for a title with no letter or
    /// digit (none, or only spaces or punctuation), ``noTitleMark`` and the summary with its
    /// runs of white space made one space, cut the same way (`[no title] Police said on Sunday
    /// that...`); with no summary either, ``noTitleMark`` and the link, else `[no title]`.
    ///
    /// - Parameters:
    ///   - title: The item's title (one version's).
    ///   - summary: The same version's summary.
    ///   - link: The item's link, if any.
    public static func headline(title: String, summary: String, link: String? = nil) -> String {
        if hasText(title) { return self.title(title) }
        if hasText(summary) {
            let words = summary.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return noTitleMark + self.title(words)
        }
        if let link, hasText(link) { return noTitleMark + self.title(link) }
        return String(noTitleMark.dropLast())
    }

    /// `… [cut from 2000000 characters]`: what follows a text cut from `count` characters.
    public static func cutMark(_ count: Int) -> String { "… [cut from \(count) characters]" }

    /// The first `limit` characters of `text` and ``cutMark(_:)``, or `text` when it is not longer
    /// (counted in UTF-8 bytes first, so that an ordinary text costs no character walk).
    static func cut(_ text: String, _ limit: Int) -> String {
        if text.utf8.count <= limit { return text }
        let count = text.count
        return count <= limit ? text : String(text.prefix(limit)) + cutMark(count)
    }

    private static func hasText(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }
}
