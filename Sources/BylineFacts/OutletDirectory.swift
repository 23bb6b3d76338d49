import BylineText
import Foundation

/// The outlets Byline follows, by every name a text may use for them: id, display name and
/// aliases (`Feeds/outlets.toml`), compared by ``BylineText/OutletName/key(_:)`` (case,
/// diacritics, a leading "The", punctuation, spaces and a possessive `'s` do not matter), and
/// the news organisation each belongs to (`organisation` there: `cnntv`, CNN's YouTube
/// channel, is of organisation `cnn`, the outlet of CNN's site).
public struct OutletDirectory: Sendable, Hashable {
    /// One followed outlet and its names.
    public struct Outlet: Sendable, Hashable {
        /// The outlet id (`cnn`).
        public var id: String
        /// The display name (`CNN`).
        public var name: String
        /// Other names texts use for it (`NYT` for The New York Times).
        public var aliases: [String]
        /// The news organisation it belongs to, when it shares one with other outlets (`cnn` for
        /// `cnntv`); nil for an organisation of its own, named by ``id``.
        public var organisation: String?

        /// Creates an entry.
        public init(id: String, name: String, aliases: [String] = [], organisation: String? = nil) {
            self.id = id
            self.name = name
            self.aliases = aliases
            self.organisation = organisation
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
    private let organisationByID: [String: String]

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
        var organisationByID: [String: String] = [:]
        for outlet in outlets { if let organisation = outlet.organisation { organisationByID[outlet.id] = organisation } }
        self.organisationByID = organisationByID
    }

    /// The news organisation of outlet `id`: its ``Outlet/organisation`` when it has one, else
    /// the id itself (also for an id the directory does not hold).
    public func organisation(of id: String) -> String {
        organisationByID[id] ?? id
    }

    /// Whether outlets `a` and `b` (ids) are of one news organisation (``organisation(of:)``):
    /// the same outlet, or two feeds of one newsroom such as `cnn` and `cnntv`.
    public func isSameOrganisation(_ a: String, _ b: String) -> Bool {
        a == b || organisation(of: a) == organisation(of: b)
    }

    /// Whether `name` (as written in a text of outlet `outletID`) is that outlet's short name for
    /// itself: the first or the last whole words of its display name (a trailing parenthetical
    /// such as "(YouTube)" left out) or of an alias, as ``BylineText/OutletName/key(_:)``
    /// compares them. "told the Herald" in a New Zealand Herald item, "told Al Jazeera" in one of
    /// "Al Jazeera English (YouTube)": outlets name themselves short, and a short name that
    /// several outlets share ("Herald") is the writer's own.
    public func isShortName(_ name: String, of outletID: String) -> Bool {
        let key = OutletName.key(name)
        guard !key.isEmpty, let outlet = outlets.first(where: { $0.id == outletID }) else { return false }
        for full in [outlet.name] + outlet.aliases {
            var text = full.trimmingCharacters(in: .whitespaces)
            if text.hasSuffix(")"), let open = text.lastIndex(of: "(") { text = String(text[..<open]) }
            let words = text.split(whereSeparator: \.isWhitespace)
            for count in stride(from: 1, through: words.count, by: 1) {
                if OutletName.key(words.prefix(count).joined(separator: " ")) == key { return true }
                if OutletName.key(words.suffix(count).joined(separator: " ")) == key { return true }
            }
        }
        return false
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
