/// A problem with an outlet list (`Feeds/outlets.toml`): unreadable, not TOML, or not valid.
///
/// Its ``description`` is one line in the compiler style `path:line: message`, e.g.
/// `Feeds/outlets.toml:12: outlet 'bbc': feeds[0].url is missing`; the line is left out when it
/// is not known.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as it was named by the caller (the `path` given to ``FeedList/load(contentsOf:)``
    /// or ``FeedList/parse(toml:path:)``).
    public var path: String

    /// The 1-based line the problem is on, when known.
    public var line: Int?

    /// The 1-based column, when known (TOML syntax errors, OPML that is not well-formed XML).
    public var column: Int?

    /// What is wrong, e.g. `outlet 'bbc': feeds[0].url is missing`.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - path: The file the problem is in.
    ///   - line: The 1-based line, if known.
    ///   - column: The 1-based column, if known.
    ///   - message: What is wrong, one line.
    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: message`, leaving out the parts that are not known.
    public var description: String {
        var location = path
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(message)"
    }
}
