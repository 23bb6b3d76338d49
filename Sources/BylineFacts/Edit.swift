public import Foundation

/// A change between two consecutive versions of one field of an item, word by word.
public struct Edit: Sendable, Hashable {
    /// Which text changed.
    public enum Field: String, Sendable, Hashable, Codable, CaseIterable {
        /// The headline.
        case title
        /// The summary (description).
        case summary
        /// The full content.
        case content
    }

    /// Whether the change alters what the text says.
    public enum Class: String, Sendable, Hashable, Codable, CaseIterable {
        /// Case, punctuation, spacing or a typo (each changed word within two letters of its
        /// replacement), a headline label, or the outlet's template lines added or dropped: the
        /// news says the same.
        case cosmetic
        /// A number, a name or wording added or removed: the text says something else.
        case substantive
    }

    /// The item.
    public var itemID: Int64
    /// Its outlet id.
    public var outlet: String
    /// The field.
    public var field: Field
    /// When the old text was first seen (UTC).
    public var from: Date
    /// When the new text was first seen (UTC).
    public var to: Date
    /// Cosmetic or substantive.
    public var kind: Class
    /// The deciding reason: `case`, `punctuation`, `typo`, `label`, `boilerplate` (cosmetic);
    /// `rewrite`, `number`, `name`, `wording` (substantive).
    public var reason: String
    /// Words removed, in order, joined by spaces.
    public var removed: String
    /// Words added, in order, joined by spaces.
    public var added: String
    /// Whether the new text says nothing of the change (no "updated", "correction", "editor's
    /// note", "clarification" that the old text lacked).
    public var isSilent: Bool

    /// Creates an edit.
    public init(itemID: Int64, outlet: String, field: Field, from: Date, to: Date, kind: Class, reason: String,
                removed: String, added: String, isSilent: Bool) {
        self.itemID = itemID
        self.outlet = outlet
        self.field = field
        self.from = from
        self.to = to
        self.kind = kind
        self.reason = reason
        self.removed = removed
        self.added = added
        self.isSilent = isSilent
    }
}
