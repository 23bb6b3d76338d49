import Foundation
import Testing
import BylineFacts

/// An item with one version per `(previous, seen, title, summary)`, times in minutes after 09:00Z.
private func item(
    _ id: Int64, _ outlet: String, published: Double? = nil,
    _ versions: [(previous: Double?, seen: Double, title: String, summary: String)]
) -> FactItem {
    FactItem(itemID: id, outlet: outlet, guid: "\(outlet)-\(id)", published: published.map(at),
             versions: versions.map { FactVersion(seenAt: at($0.seen), previousPull: $0.previous.map(at), title: $0.title, summary: $0.summary) })
}

@Suite struct FactEngineTests {
    @Test func a_reworded_pair_aligns_into_one_fact() throws {
        let facts = FactEngine.analyze([
            item(1, "bbc", [(0, 60, "Blast hits market in Kabul", "Police said three people were killed in the blast on Monday.")]),
            item(2, "cnn", [(60, 120, "Deadly explosion in Afghan capital", "Three people died in Monday's blast, police said.")]),
        ])
        let fact = try #require(facts.facts.first { $0.text == "Police said three people were killed in the blast on Monday." })
        #expect(fact.outlets == ["bbc", "cnn"])
        #expect(fact.mentions.map(\.sentence) == [
            "Police said three people were killed in the blast on Monday.",
            "Three people died in Monday's blast, police said.",
        ])
        #expect(fact.mentions.map(\.itemID) == [1, 2])
        #expect(fact.credit.outlet == "bbc")
        #expect(!fact.credit.isTie)
        #expect(facts.shared == [fact])
        // The headlines share no content word: not the same statement.
        #expect(facts.facts.map(\.text) == [
            "Blast hits market in Kabul", "Police said three people were killed in the blast on Monday.",
            "Deadly explosion in Afghan capital",
        ])
        #expect(facts.facts.map(\.id) == [1, 2, 3])
    }

    /// CNN's web and YouTube titles of one video (headlines-2021-09) both ended in "See his
    /// reaction", which was a fact of two outlets, first cnntv: a teaser states nothing.
    @Test func a_teaser_shared_by_two_outlets_is_no_fact() throws {
        let facts = FactEngine.analyze([
            item(1, "cnntv", [(0, 60, "Reporter shows DC rallygoer video of Jan. 6 attack. See his reaction",
                               "CNN reporter Shimon Prokupecz spoke to a rallygoer at the right-wing Justice for January 6 rally.")]),
            item(2, "cnn", [(60, 120, "CNN reporter shows rallygoer video of Jan. 6 attack. See his reaction",
                             "CNN reporter Shimon Prokupecz spoke to a rallygoer at a right-wing rally.")]),
        ])
        #expect(!facts.facts.contains { $0.text.contains("See his reaction") || $0.mentions.contains { $0.sentence.contains("See his") } })
        #expect(facts.facts.map(\.text).contains("Reporter shows DC rallygoer video of Jan. 6 attack."))
    }

    @Test func different_numbers_for_the_same_quantity_are_one_fact_with_values() throws {
        let facts = FactEngine.analyze([
            item(1, "bbc", [(0, 60, "Quake", "Officials said 12 people were killed in the earthquake.")]),
            item(2, "cnn", [(0, 70, "Tremor", "Officials said 10 people were killed in the earthquake.")]),
        ])
        let fact = try #require(facts.shared.first)
        #expect(facts.shared.count == 1)
        #expect(fact.kind == .quantity)
        #expect(fact.mentions.map { $0.value?.value } == [12, 10])
        #expect(fact.mentions.map { $0.value?.noun } == ["kill", "kill"])
        // Given within ten minutes of each other: a disagreement, not an update.
        #expect(fact.trend == .disagreement)
        #expect(fact.disagreeing == ["bbc", "cnn"])
    }

    /// A fresh user's archive: three outlets said 5 dead at 10:00Z and only one changed its
    /// title to 7 dead at 12:00Z. Within six hours of the others' 5, but it is that outlet's own
    /// revision, not outlets disagreeing.
    @Test func an_outlet_revising_its_own_count_is_an_update_not_a_disagreement() throws {
        let facts = FactEngine.analyze([
            item(1, "alpha", [(nil, 60, "Earthquake hits city, 5 dead", "An earthquake struck the city, killing five people."),
                              (120, 180, "Earthquake hits city, 7 dead", "An earthquake struck the city, killing five people.")]),
            item(2, "beta", [(nil, 60, "Earthquake hits city, 5 dead", "An earthquake struck the city, killing five people.")]),
            item(3, "nytimes", [(nil, 60, "Earthquake hits city, 5 dead", "An earthquake struck the city, killing five people.")]),
        ])
        let fact = try #require(facts.shared.first { $0.text == "Earthquake hits city, 5 dead" })
        #expect(fact.mentions.compactMap { $0.value?.value }.last == 7)
        #expect(fact.trend == .update)
        #expect(fact.disagreeing == [])
        // Two outlets with different counts at one time, neither having given the other's first,
        // still disagree.
        let split = FactEngine.analyze([
            item(1, "alpha", [(nil, 60, "Earthquake hits city, 5 dead", "")]),
            item(2, "beta", [(nil, 180, "Earthquake hits city, 7 dead", "")]),
        ])
        let both = try #require(split.shared.first)
        #expect(both.mentions.compactMap { $0.value?.value } == [5, 7])
        #expect(both.trend == .disagreement)
        #expect(both.disagreeing == ["alpha", "beta"])
    }

    @Test func a_look_alike_with_the_same_number_and_another_place_does_not_align() {
        let facts = FactEngine.analyze([
            item(1, "bbc", [(0, 60, "Campus attack", "Six people were killed in a shooting at a university in Perm.")]),
            item(2, "cnn", [(0, 70, "School attack", "Six people were killed in a shooting at a school in Kazan.")]),
        ])
        #expect(facts.shared == [])
        #expect(facts.facts.filter { $0.kind == .quantity }.map(\.text) == [
            "Six people were killed in a shooting at a university in Perm.",
            "Six people were killed in a shooting at a school in Kazan.",
        ])
    }

    /// A count in words opening a sentence is no actor ("Eight" / "Six" were read as two
    /// subjects of sentences that go on alike, "Pelosi says" / "McConnell says").
    @Test func a_count_in_words_opening_a_sentence_is_no_actor() throws {
        let day = 24.0 * 60
        let facts = FactEngine.analyze([
            item(1, "bbc", [(0, 60, "Perm", "Eight people were killed in a shooting at a university in Perm.")]),
            item(2, "cnn", [(day, day + 60, "Perm", "Six people were killed in a shooting at a university in Perm.")]),
        ])
        let fact = try #require(facts.shared.first)
        #expect(facts.shared.count == 1)
        #expect(fact.mentions.map { $0.value?.value } == [8, 6])
        #expect(fact.trend == .update)
    }

    @Test func values_that_move_with_time_are_an_update() throws {
        let day = 24.0 * 60
        let facts = FactEngine.analyze([
            item(1, "cnn", [(0, 60, "Border", "More than 9,500 migrants are living under a bridge in Del Rio.")]),
            item(2, "bbc", [(day, day + 60, "Camp", "More than 10,000 people have gathered under a bridge in Del Rio.")]),
            item(3, "wsj", [(2 * day, 2 * day + 60, "Town", "An estimated 14,000 migrants wait in a makeshift camp.")]),
        ])
        let fact = try #require(facts.shared.first)
        #expect(fact.outlets == ["cnn", "bbc", "wsj"])
        #expect(fact.mentions.map { $0.value?.text } == ["More than 9,500 migrants", "More than 10,000 people", "An estimated 14,000 migrants"])
        #expect(fact.trend == .update)
        #expect(fact.disagreeing == [])
        #expect(fact.credit == Credit(outlet: "cnn", time: window(0, 60), tiedWith: []))
    }

    @Test func a_look_alike_with_a_different_name_does_not_align() {
        let facts = FactEngine.analyze([
            item(1, "bbc", [(0, 60, "Election", "The party elected Smith as its new leader in Paris.")]),
            item(2, "cnn", [(0, 70, "Vote", "The party elected Jones as its new leader in Paris.")]),
        ])
        #expect(facts.shared == [])
    }

    @Test func overlapping_windows_are_a_tie() throws {
        let facts = FactEngine.analyze([
            item(1, "cnn", [(30, 90, "France recalls its ambassadors to the US and Australia", "")]),
            item(2, "bbc", [(0, 60, "France recalls ambassadors to US and Australia", "")]),
        ])
        let fact = try #require(facts.facts.first)
        #expect(facts.facts.count == 1)
        #expect(fact.credit == Credit(outlet: "bbc", time: window(0, 60), tiedWith: ["cnn"]))
        #expect(fact.outlets == ["bbc", "cnn"])
        #expect(fact.text == "France recalls ambassadors to US and Australia")
    }

    @Test func disjoint_windows_give_a_clear_first() throws {
        let facts = FactEngine.analyze([
            item(1, "cnn", [(60, 90, "France recalls its ambassadors to the US and Australia", "")]),
            item(2, "bbc", [(0, 60, "France recalls ambassadors to US and Australia", "")]),
        ])
        let fact = try #require(facts.facts.first)
        #expect(fact.credit == Credit(outlet: "bbc", time: window(0, 60), tiedWith: []))
    }

    @Test func the_publisher_time_is_used_only_inside_the_window() throws {
        // bbc says 09:30, inside its window (09:00, 10:00]: a point before cnn's window opens.
        let inside = FactEngine.analyze([
            item(1, "bbc", published: 30, [(0, 60, "France recalls ambassadors to US and Australia", "")]),
            item(2, "cnn", [(40, 70, "France recalls its ambassadors to the US and Australia", "")]),
        ])
        let first = try #require(inside.facts.first?.credit)
        #expect(first.outlet == "bbc")
        #expect(first.time.source == .published)
        #expect(first.time.latest == at(30))
        #expect(first.tiedWith == [])
        // bbc claims 08:00, before its previous pull at 09:00: only the window counts, a tie.
        let outside = FactEngine.analyze([
            item(1, "bbc", published: -60, [(0, 60, "France recalls ambassadors to US and Australia", "")]),
            item(2, "cnn", [(40, 70, "France recalls its ambassadors to the US and Australia", "")]),
        ])
        let tied = try #require(outside.facts.first?.credit)
        #expect(tied.outlet == "bbc")
        #expect(tied.time.source == .window)
        #expect(tied.time.latest == at(60))
        #expect(tied.tiedWith == ["cnn"])
    }

    @Test func a_fact_first_carried_by_a_later_version_gets_that_versions_time() throws {
        let facts = FactEngine.analyze([
            item(1, "bbc", published: 30, [
                (0, 60, "Blast hits market in Kabul", "An explosion hit a crowded market."),
                (120, 180, "Blast hits market in Kabul", "An explosion hit a crowded market. Police said 12 people were killed."),
            ]),
            item(2, "cnn", [(90, 150, "Kabul market blast", "Police said 12 people were killed in the blast.")]),
        ])
        let fact = try #require(facts.facts.first { $0.text == "Police said 12 people were killed in the blast." })
        #expect(fact.outlets == ["cnn", "bbc"])
        let bbc = try #require(fact.mentions.first { $0.outlet == "bbc" })
        #expect(bbc.sentence == "Police said 12 people were killed.")
        #expect(bbc.time == ObservedTime(firstSeen: at(180), previousPull: at(120), published: nil))
        #expect(fact.credit.outlet == "cnn")
        #expect(fact.credit.time == window(90, 150))
        #expect(fact.credit.tiedWith == ["bbc"])
        // The sentence of the first version keeps the first version's time, publisher time included.
        let early = try #require(facts.facts.first { $0.text == "An explosion hit a crowded market." })
        #expect(early.mentions.count == 1)
        #expect(early.mentions[0].time == window(0, 60, published: 30))
        #expect(early.credit.time.source == .published)
    }

    @Test func a_sentence_repeated_in_one_item_is_one_mention_and_another_item_adds_one() throws {
        let facts = FactEngine.analyze([
            item(1, "bbc", [
                (0, 60, "France recalls ambassadors to US and Australia", "France recalls ambassadors to US and Australia."),
                (60, 120, "France recalls ambassadors to US and Australia", "Paris is furious."),
            ]),
            item(3, "bbc", [(100, 130, "France recalls its ambassadors to the US and Australia", "")]),
        ])
        let fact = try #require(facts.facts.first)
        #expect(fact.mentions.map(\.itemID) == [1, 3])
        #expect(fact.mentions[0].time == window(0, 60))
        #expect(fact.outlets == ["bbc"])
        #expect(!fact.isShared)
        #expect(facts.facts.map(\.text) == ["France recalls ambassadors to US and Australia", "Paris is furious."])
    }

    @Test func explicit_attributions_are_extracted_with_the_names_as_written() {
        let facts = FactEngine.analyze([
            item(1, "bbc", [(0, 60, "Deal collapses", "The deal was first reported by the Wall Street Journal on Sunday. Reuters was first to report the arrest.")]),
            item(2, "cnn", [(0, 60, "FIRST ON CNN: Senators reach deal", "Talks ended, as The New York Times first reported.")]),
            item(3, "dailymail", [(0, 60, "EXCLUSIVE: Prince's aide speaks out", "In a first reported in March, nothing happened.")]),
        ])
        #expect(facts.attributions.map(\.credited) == [
            "Wall Street Journal", "Reuters", "CNN", "The New York Times", "dailymail",
        ])
        #expect(facts.attributions.map(\.kind) == [.firstReportedBy, .wasFirstToReport, .firstOn, .asFirstReported, .exclusive])
        #expect(facts.attributions.map(\.phrase) == [
            "first reported by the Wall Street Journal", "Reuters was first to report", "FIRST ON CNN",
            "as The New York Times first reported", "EXCLUSIVE",
        ])
        #expect(facts.attributions.map(\.itemID) == [1, 1, 2, 2, 3])
        #expect(facts.attributions.map(\.outlet) == ["bbc", "bbc", "cnn", "cnn", "dailymail"])
    }
}
