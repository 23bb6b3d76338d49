import Foundation

extension FeedList {
    /// Parses an OPML subscription list (what feed readers import and export) as a feed list.
    ///
    /// Every `<outline>` with an `xmlUrl` is a feed of the outlet that its parent outline names
    /// when the parent is an outlet's (a `byline:` attribute, an `htmlUrl`, or feeds without
    /// names of their own), else, inside a folder or at the top, of the outlet its own `text`
    /// names, with a warning for each folder whose feeds became two or more outlets; see
    /// `Feeds/README.md` for the attributes read. Each
    /// naming outline is an outlet of its own: an id made from a name that an earlier outlet's id
    /// already is becomes `id-2` (then `-3`, ...) with a warning in ``FeedList/warnings``, as does
    /// a feed outline (type `rss` or `atom`) with no `xmlUrl`, which is skipped; a feed listed
    /// twice in one outlet is kept once.
    ///
    /// - Parameters:
    ///   - opml: The document bytes.
    ///   - path: The name used in errors.
    /// - Returns: The list (default interval ``standardIntervalSeconds``).
    /// - Throws: ``ConfigError`` naming `path` and the line: not well-formed XML, no `<opml>` root,
    ///   no feeds, an outline with an unusable `xmlUrl`, no name for an outlet, a `byline:id`
    ///   that another outline has, an alias with no letter or digit or one that names another
    ///   outlet too.
    public static func parse(opml: Data, path: String) throws(ConfigError) -> FeedList {
        try OPMLReader(path: path).read(opml)
    }

    /// The list as an OPML 2.0 document: the default interval in seconds as `<head>`'s
    /// `<byline:defaultInterval>` when it is not ``standardIntervalSeconds``, and one outline per
    /// outlet (`text`, `title`, `htmlUrl`, `language`, `byline:id`, `byline:country`,
    /// `byline:aliases` joined by `|` when it has aliases, `byline:organisation` when it has one)
    /// holding one `type="rss"` outline per feed (`text`, `xmlUrl`, `byline:interval` when the
    /// feed has its own).
    ///
    /// ``parse(opml:path:)`` reads it back to an equal list.
    ///
    /// - Parameter title: The document's `<title>`.
    /// - Returns: UTF-8 XML text ending in a newline.
    public func opml(title: String) -> String {
        func attr(_ name: String, _ value: String?) -> String {
            guard let value else { return "" }
            return " \(name)=\"\(Self.escape(value))\""
        }
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<opml version="2.0" xmlns:byline="https://github.com/byline-news/byline">"#,
            "  <head>",
            "    <title>\(Self.escape(title))</title>",
        ]
        if defaultIntervalSeconds != Self.standardIntervalSeconds {
            lines.append("    <\(OPMLReader.defaultIntervalElement)>\(defaultIntervalSeconds)</\(OPMLReader.defaultIntervalElement)>")
        }
        lines += ["  </head>", "  <body>"]
        for outlet in outlets {
            lines.append("    <outline" + attr("text", outlet.name) + attr("title", outlet.name) + attr("byline:id", outlet.id)
                         + attr("htmlUrl", outlet.homepage) + attr("language", outlet.language)
                         + attr("byline:country", outlet.country)
                         + attr("byline:aliases", outlet.aliases.isEmpty ? nil : outlet.aliases.joined(separator: "|"))
                         + attr("byline:organisation", outlet.organisation) + ">")
            for feed in outlet.feeds {
                lines.append("      <outline type=\"rss\"" + attr("text", outlet.name) + attr("xmlUrl", feed.url)
                             + attr("byline:interval", feed.intervalSeconds.map(String.init)) + "/>")
            }
            lines.append("    </outline>")
        }
        lines += ["  </body>", "</opml>"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` for an XML attribute or element: markup characters as references, tab, LF and CR
    /// as character references (kept through attribute normalisation), and the characters XML
    /// 1.0 cannot carry at all (other C0 controls, U+FFFE, U+FFFF) as U+FFFD, so that the file
    /// always reads back.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
