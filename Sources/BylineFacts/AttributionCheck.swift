import Foundation
import BylineText

/// Matches the names that a story's attributions credit to the outlets Byline follows, and
/// checks each first-report credit ("first reported by X", "X was first to report", "as X first
/// reported") against what Byline saw.
///
/// Rules:
/// - The story's times are its items' first appearances, as for the story's own credit:
///   `ObservedTime(firstSeen:previousPull:)` of each item's first version with the item's
///   publisher time; each outlet's earliest item counts (``Credit/first(of:)``). Every
///   attribution gets that credit as ``Attribution/firstReport``.
/// - The credited name is matched by ``OutletDirectory/match(_:)``; ``Attribution/Kind/exclusive``
///   credits the item's own outlet, and so does a name that matches no one outlet but is the
///   item's own outlet's short name (``OutletDirectory/isShortName(_:of:)``: "told the Herald"
///   in a New Zealand Herald item).
/// - A followed outlet of the item's own news organisation (``OutletDirectory/isSameOrganisation(_:_:)``:
///   "told CNN" in an item of `cnntv`, CNN's YouTube channel) is marked
///   ``Attribution/creditsOwnOrganisation``: a source edge to it cites the organisation's own
///   reporting (``Attribution/citesOwnReporting``).
/// - A first-report credit to outlet X, with the earliest report of X's news organisation (X
///   and the outlets that share its organisation) against every other organisation's outlets'
///   earliest reports: ``Attribution/Verdict/contradicted`` when another outlet's is clearly
///   earlier (ordered, not overlapping), ``Attribution/Verdict/confirmed`` when X's
///   organisation's is clearly before all others, else ``Attribution/Verdict/undecidable`` (a
///   tie, no report of X's organisation in the story, no other outlet, or a name that is not
///   one followed outlet). The evidence names the outlet whose report counted (`cnntv` for
///   "as CNN first reported" when CNN's YouTube channel had it first).
/// - A name that is not one followed outlet is a news organisation or another source
///   (``NewsOrganisation/name(in:)``, ``Attribution/creditedKind``). A news organisation's
///   name (``Attribution/creditedOrganisation``: "LBC" for "LBC's Andrew Pierce") is said in
///   the evidence not to be an outlet Byline follows, and a first-report credit to it is
///   ``Attribution/Verdict/undecidable``. Another source (a person, an official body) is no
///   claim about an outlet: ``Attribution/Verdict/notAClaim``, evidence "'X' is a source, not a
///   news outlet".
/// - Scoop claims keep the verdict the facts gave them (``FactEngine``); source edges stay
///   ``Attribution/Verdict/notAClaim``. Any attribution whose name is not one followed outlet
///   says so in its evidence (a scoop claim's fact evidence is kept).
public enum AttributionCheck {
    /// The attributions of one story, credited names matched and first-report credits checked.
    ///
    /// - Parameters:
    ///   - attributions: the story's attributions (``StoryFacts/attributions``).
    ///   - items: the story's items, as given to the ``FactEngine``.
    ///   - outlets: the outlets Byline follows.
    /// - Returns: the attributions in the same order, each with ``Attribution/creditedOutlet``,
    ///   ``Attribution/creditedKind``, ``Attribution/creditedOrganisation`` and
    ///   ``Attribution/firstReport`` set, first-report credits with their verdict and a
    ///   one-line evidence.
    public static func checked(_ attributions: [Attribution], items: [FactItem], outlets: OutletDirectory) -> [Attribution] {
        let reports = items.compactMap { item in
            item.versions.first.map { version in
                (outlet: item.outlet, time: ObservedTime(firstSeen: version.seenAt, previousPull: version.previousPull,
                                                         published: item.published, publishedDayOffset: item.publishedDayOffset))
            }
        }
        let firstReport = Credit.first(of: reports)
        let earliest = Credit.earliestByOutlet(reports)
        return attributions.map { attribution in
            var result = attribution
            result.firstReport = firstReport
            var match: OutletDirectory.Match = attribution.kind == .exclusive ? .outlet(attribution.outlet) : outlets.match(attribution.credited)
            // "told the Herald" in a Herald item: a name of no one outlet that is the writer's
            // own short name.
            if case .outlet = match {} else if outlets.isShortName(attribution.credited, of: attribution.outlet) {
                match = .outlet(attribution.outlet)
            }
            switch match {
            case .outlet(let id):
                result.creditedOutlet = id
                result.creditedKind = .followedOutlet
                result.creditsOwnOrganisation = id != attribution.outlet && outlets.isSameOrganisation(id, attribution.outlet)
                if attribution.kind.isFirstReportCredit {
                    (result.verdict, result.evidence) = verdict(for: id, earliest: earliest, outlets: outlets)
                }
            case .ambiguous(let ids):
                result.creditedKind = .followedOutlet
                let note = "'\(attribution.credited)' names several outlets Byline follows: \(ids.joined(separator: ", "))"
                unmatched(&result, note: note)
            case .unknown:
                if let organisation = NewsOrganisation.name(in: attribution.credited) {
                    result.creditedKind = .newsOrganisation
                    result.creditedOrganisation = organisation
                    unmatched(&result, note: "'\(organisation)' is not an outlet Byline follows")
                } else {
                    result.creditedKind = .source
                    // A person or an official body: not a claim about an outlet, so not checked.
                    if !attribution.kind.isScoopClaim {
                        result.verdict = .notAClaim
                        result.evidence = "'\(attribution.credited)' is a source, not a news outlet"
                    }
                }
            }
            return result
        }
    }

    /// A credited name that is not one followed outlet: a first-report credit cannot be checked,
    /// a source edge is noted; a scoop claim keeps its fact evidence.
    private static func unmatched(_ attribution: inout Attribution, note: String) {
        attribution.creditedOutlet = nil
        if attribution.kind.isFirstReportCredit {
            attribution.verdict = .undecidable
            attribution.evidence = note
        } else if !attribution.kind.isScoopClaim {
            attribution.evidence = note
        }
    }

    /// The verdict on "`credited` reported first" and its evidence: the earliest report of
    /// `credited`'s news organisation (its own outlets, ``OutletDirectory/isSameOrganisation(_:_:)``)
    /// against those of every other organisation's outlets.
    static func verdict(for credited: String, earliest: [String: ObservedTime],
                        outlets: OutletDirectory = OutletDirectory()) -> (Attribution.Verdict, String) {
        let byTime: ((key: String, value: ObservedTime), (key: String, value: ObservedTime)) -> Bool = { lhs, rhs in
            lhs.value.latest != rhs.value.latest ? lhs.value.latest < rhs.value.latest : lhs.key < rhs.key
        }
        // The credited outlet's earliest report, unless another outlet of its organisation
        // reported clearly earlier (or it has none): then that outlet's.
        let sameOrganisation = earliest.filter { $0.key != credited && outlets.isSameOrganisation($0.key, credited) }.sorted(by: byTime)
        let named = earliest[credited]
        let sooner = sameOrganisation.first { other in named.map { other.value.latest < $0.latest && !other.value.overlaps($0) } ?? true }
        guard let counted = sooner.map({ (outlet: $0.key, time: $0.value) }) ?? named.map({ (outlet: credited, time: $0) }) else {
            return (.undecidable, "\(credited) has no report in this story")
        }
        let own = counted.time
        let others = earliest.filter { !outlets.isSameOrganisation($0.key, credited) }.sorted(by: byTime)
        guard let next = others.first else { return (.undecidable, "no other outlet reports this story") }
        let at = "\(counted.outlet) at \(describe(own))"
        if let before = others.first(where: { $0.value.latest < own.latest && !$0.value.overlaps(own) }) {
            return (.contradicted, "first reports: \(before.key) at \(describe(before.value)) before \(at)")
        }
        let tied = others.filter { $0.value.overlaps(own) }
        if let tie = tied.first {
            return (.undecidable, "first reports: \(at) tied with \(tie.key) at \(describe(tie.value))\(more(tied.count - 1))")
        }
        return (.confirmed, "first reports: \(at) before \(next.key) at \(describe(next.value))\(more(others.count - 1))")
    }

    private static func more(_ count: Int) -> String {
        count <= 0 ? "" : " and \(count) other outlet\(count == 1 ? "" : "s")"
    }

    /// `2024-02-21T14:02:00Z (published)`: the time estimate and what it rests on.
    private static func describe(_ time: ObservedTime) -> String {
        "\(UTCTime.iso8601(time.estimate)) (\(time.source.rawValue))"
    }
}
