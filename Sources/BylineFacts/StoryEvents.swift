import Foundation

/// One event of a story: items joined by the facts they state together, of two or more news
/// organisations, with who reported it first (``StoryEvents/events(items:facts:outlets:)``).
public struct StoryEvent: Sendable, Hashable {
    /// Its items, in the order the story's items were given (order of appearance).
    public var itemIDs: [Int64]
    /// Its first report, with the evidence: ``Credit/first(of:)`` over its items alone, so a
    /// tie is an outlet of the event whose item cannot be ordered against the first.
    public var credit: Credit
    /// The item that is the credited first report (the credited outlet's item whose time the
    /// credit rests on).
    public var firstItemID: Int64

    /// Creates an event.
    public init(itemIDs: [Int64], credit: Credit, firstItemID: Int64) {
        self.itemIDs = itemIDs
        self.credit = credit
        self.firstItemID = firstItemID
    }
}

/// The events of a story, told by its facts.
///
/// A story groups items by meaning and wording, not by claims, so it can hold two events that
/// share a topic or a person (two vaccine announcements a day apart). Items that state a fact
/// of two or more outlets together belong to one event; joined transitively, each group of
/// two or more news organisations is an event (two outlets of one newsroom, such as CNN's site
/// and its YouTube channel posting one blurb, are one reporter, not an event with a first
/// report). A story whose facts show one such group or none has no events here: its own credit
/// is the event's.
public enum StoryEvents {
    /// The story's events, each credited as the story is (``Credit/first(of:)`` over its items'
    /// time evidence), in order of their first reports (their credited times, then outlet id);
    /// empty when the facts show fewer than two.
    ///
    /// - Parameters:
    ///   - items: the story's items (id, outlet id, time evidence), in order of appearance.
    ///   - facts: the story's facts; those of two or more outlets (``Fact/isShared``) join the
    ///     items their mentions come from. Mentions of items not in `items` join nothing (a
    ///     caller that leaves an item out names its stand-in in the mentions instead).
    ///   - outlets: the outlets' news organisations (``OutletDirectory/organisation(of:)``): a
    ///     group is an event when its items come from two or more.
    public static func events(items: [(id: Int64, outlet: String, time: ObservedTime)], facts: [Fact],
                              outlets: OutletDirectory = OutletDirectory()) -> [StoryEvent] {
        var position: [Int64: Int] = [:]
        for (index, item) in items.enumerated() where position[item.id] == nil { position[item.id] = index }
        var parent = Array(items.indices)
        func root(_ node: Int) -> Int {
            var node = node
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        for fact in facts where fact.isShared {
            let nodes = fact.mentions.compactMap { position[$0.itemID] }
            guard let first = nodes.first else { continue }
            for node in nodes.dropFirst() {
                let (a, b) = (root(first), root(node))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var groups: [Int: [Int]] = [:]
        for index in items.indices where position[items[index].id] == index { groups[root(index), default: []].append(index) }
        var events: [StoryEvent] = []
        for members in groups.values where Set(members.map { outlets.organisation(of: items[$0].outlet) }).count >= 2 {
            guard let credit = Credit.first(of: members.map { (items[$0].outlet, items[$0].time) }) else { continue }
            let first = members.first { items[$0].outlet == credit.outlet && items[$0].time == credit.time }
                ?? members.first { items[$0].outlet == credit.outlet } ?? members[0]
            events.append(StoryEvent(itemIDs: members.map { items[$0].id }, credit: credit, firstItemID: items[first].id))
        }
        guard events.count >= 2 else { return [] }
        return events.sorted { a, b in
            a.credit.time.latest != b.credit.time.latest ? a.credit.time.latest < b.credit.time.latest : (a.credit.outlet, a.itemIDs[0]) < (b.credit.outlet, b.itemIDs[0])
        }
    }
}
