/// The facts of one story and the explicit attributions found in its items.
public struct StoryFacts: Sendable, Hashable {
    /// Every fact, including those only one outlet carries, in order of ``Fact/id``.
    public var facts: [Fact]
    /// Explicit priority claims, in order of item (first appearance) and position in the text;
    /// one per (item, kind, credited name).
    public var attributions: [Attribution]

    /// Creates a result.
    public init(facts: [Fact], attributions: [Attribution]) {
        self.facts = facts
        self.attributions = attributions
    }

    /// The facts at least two outlets carry (what reports show by default).
    public var shared: [Fact] { facts.filter(\.isShared) }
}
