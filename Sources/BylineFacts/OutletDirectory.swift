import BylineText

/// The outlets Byline follows, by every name a text may use for them: id, display name and
/// aliases (`Feeds/outlets.toml`), compared by ``BylineText/OutletName/key(_:)`` (case,
/// diacritics, a leading "The", punctuation, spaces and a possessive `'s` do not matter).
public struct OutletDirectory: Sendable, Hashable {
    /// One followed outlet and its names.
    public struct Outlet: Sendable, Hashable {
        /// The outlet id (`cnn`).
        public var id: String
        /// The display name (`CNN`).
        public var name: String
        /// Other names texts use for it (`NYT` for The New York Times).
        public var aliases: [String]

        /// Creates an entry.
        public init(id: String, name: String, aliases: [String] = []) {
            self.id = id
            self.name = name
            self.aliases = aliases
        }
    }

    /// What a name in a text names.
    public enum Match: Sendable, Hashable {
        /// One followed outlet, by id.
        case outlet(String)
        /// Several followed outlets share the name's key (their ids, sorted): no one is credited.
        case ambiguous([String])
        /// No outlet Byline follows.
        case unknown
    }

    /// The outlets, in the order given.
    public let outlets: [Outlet]
    private let idsByKey: [String: [String]]

    /// Creates a directory of `outlets`.
    public init(_ outlets: [Outlet] = []) {
        self.outlets = outlets
        var idsByKey: [String: [String]] = [:]
        for outlet in outlets {
            for name in [outlet.id, outlet.name] + outlet.aliases {
                let key = OutletName.key(name)
                guard !key.isEmpty, !(idsByKey[key]?.contains(outlet.id) ?? false) else { continue }
                idsByKey[key, default: []].append(outlet.id)
            }
        }
        self.idsByKey = idsByKey
    }

    /// The followed outlet that `name` (as written in a text) names: by the whole name, else by
    /// its longest run of opening words that names one, so that what follows an outlet's name in
    /// a text ("told CNN Monday", "told CNN's Jake Tapper", "Fox News Digital") does not hide it.
    public func match(_ name: String) -> Match {
        var ids = idsByKey[OutletName.key(name)] ?? []
        if ids.isEmpty {
            let words = name.split(separator: " ")
            for count in stride(from: words.count - 1, through: 1, by: -1) {
                if let found = idsByKey[OutletName.key(words[..<count].joined(separator: " "))] {
                    ids = found
                    break
                }
            }
        }
        switch ids.count {
        case 0: return .unknown
        case 1: return .outlet(ids[0])
        default: return .ambiguous(ids.sorted())
        }
    }
}
