import Foundation
import Testing
import BylineFacts

/// An item with one version, times in minutes after 09:00Z.
private func one(_ id: Int64, _ outlet: String, _ previous: Double?, _ seen: Double, _ title: String, _ summary: String = "") -> FactItem {
    FactItem(itemID: id, outlet: outlet, guid: "\(outlet)-\(id)", published: nil,
             versions: [FactVersion(seenAt: at(seen), previousPull: previous.map(at), title: title, summary: summary)])
}

@Suite struct CreditEvidenceTests {
    static let agency = "Tonga's king dissolved parliament on Thursday and called an early election for November."

    @Test func wire_copy_counts_once_at_its_earliest_carrier() throws {
        let items = [
            one(1, "nzherald", 0, 60, "Pacific news", Self.agency),
            one(2, "stuffnz", 60, 90, "World briefing", Self.agency),
            one(3, "rnz", 200, 260, "Polls ahead", "The king of Tonga dissolved parliament on Thursday, calling an early election for November."),
        ]
        // Without the wire group, stuffnz's later window is an independent second report.
        let apart = try #require(FactEngine.analyze(items).facts.first { $0.text == Self.agency })
        #expect(apart.credit.tiedWith == [])
        #expect(apart.wireOutlets == [])
        #expect(apart.independentOutlets == ["nzherald", "stuffnz", "rnz"])

        let grouped = try #require(FactEngine.analyze(items, wireGroups: [[2, 1]]).facts.first { $0.text == Self.agency })
        #expect(grouped.outlets == ["nzherald", "stuffnz", "rnz"])
        #expect(grouped.credit == Credit(outlet: "nzherald", time: window(0, 60), tiedWith: []))
        #expect(grouped.wireOutlets == ["stuffnz"])
        #expect(grouped.independentOutlets == ["nzherald", "rnz"])
        #expect(grouped.mentions.map(\.wireCopyOf) == [nil, 1, nil])
    }

    @Test func a_wire_member_whose_window_overlaps_the_first_is_tied_not_a_copy() throws {
        // stuffnz's window (09:30, 10:30] holds nzherald's whole (09:00, 10:00]: it may have
        // carried the agency text first, so it is no copy of nzherald's.
        let items = [
            one(1, "nzherald", 0, 60, "Pacific news", Self.agency),
            one(2, "stuffnz", 30, 90, "World briefing", Self.agency),
        ]
        let fact = try #require(FactEngine.analyze(items, wireGroups: [[1, 2]]).facts.first { $0.text == Self.agency })
        #expect(fact.credit == Credit(outlet: "nzherald", time: window(0, 60), tiedWith: ["stuffnz"]))
        #expect(fact.wireOutlets == [])
        #expect(fact.mentions.map(\.wireCopyOf) == [nil, nil])
    }

    @Test func a_scoop_claim_contradicted_by_the_times() throws {
        let facts = FactEngine.analyze([
            one(1, "cnn", 0, 60, "Deportations begin", "Officials said 320 migrants were deported to Haiti on Sunday."),
            one(2, "fox", 120, 180, "Flights resume", "FIRST ON FOX: Officials said 320 migrants were deported to Haiti on Sunday."),
        ])
        let claim = try #require(facts.attributions.first)
        #expect(facts.attributions.count == 1)
        #expect(claim.kind == .firstOn)
        #expect(claim.credited == "FOX")
        #expect(claim.verdict == .contradicted)
        #expect(claim.evidence == "fact 2: cnn at 2021-09-20T10:00:00Z (window) before fox at 2021-09-20T12:00:00Z (window)")
    }

    @Test func a_scoop_claim_confirmed_by_the_times() throws {
        let facts = FactEngine.analyze([
            one(1, "fox", 0, 60, "Flights resume", "EXCLUSIVE: Officials said 320 migrants were deported to Haiti on Sunday."),
            one(2, "cnn", 120, 180, "Deportations begin", "Officials said 320 migrants were deported to Haiti on Sunday."),
        ])
        let claim = try #require(facts.attributions.first)
        #expect(claim.kind == .exclusive)
        #expect(claim.verdict == .confirmed)
        #expect(claim.evidence == "fact 2: fox at 2021-09-20T10:00:00Z (window) before cnn")
    }

    @Test func a_scoop_claim_that_nobody_else_carries_is_not_decidable() throws {
        let facts = FactEngine.analyze([
            one(1, "fox", 0, 60, "EXCLUSIVE: Senator's aide speaks out", "The aide described the meeting in detail."),
            one(2, "cnn", 120, 180, "Markets fall", "Stocks fell sharply on Monday."),
        ])
        #expect(facts.attributions.map(\.verdict) == [.undecidable])
    }

    @Test func source_edges_are_recorded_but_not_checked() {
        let facts = FactEngine.analyze([
            one(1, "bbc", 0, 60, "Quake", "The quake killed 12 people, according to the Red Cross. The mayor told Reuters the town was flattened."),
        ])
        #expect(facts.attributions.map(\.kind) == [.accordingTo, .toldTo])
        #expect(facts.attributions.map(\.credited) == ["Red Cross", "Reuters"])
        #expect(facts.attributions.map(\.verdict) == [.notAClaim, .notAClaim])
    }
}
