import Foundation
import Testing
import BylineFacts

@Suite struct EditClassifierTests {
    @Test(arguments: [
        ("2 pilots injured after a military aircraft crashes", "3 pilots injured after a military aircraft crashes",
         Edit.Class.substantive, "number", "2", "3"),
        ("Shooting reported at Russian university", "Shooting at Russian university leaves several dead",
         .substantive, "wording", "reported", "leaves several dead"),
        ("The prime minister met Smith in Paris on Monday to discuss trade.", "The prime minister met Jones in Paris on Monday to discuss trade.",
         .substantive, "name", "Smith", "Jones"),
        ("Goverment announces new rules", "Government announces new rules", .cosmetic, "typo", "Goverment", "Government"),
        ("Biden says US will double vaccine donations", "Biden Says US Will Double Vaccine Donations", .cosmetic, "case",
         "says will double vaccine donations", "Says Will Double Vaccine Donations"),
        ("France recalls envoys - live", "France recalls envoys: live", .cosmetic, "punctuation", "envoys -", "envoys:"),
        // Number words are numbers; a code with a digit in it is not a count.
        ("Five people were injured in the fire.", "Seven people were injured in the fire.", .substantive, "number", "Five", "Seven"),
        ("A dozen homes were evacuated", "Hundreds of homes were evacuated", .substantive, "number", "A dozen", "Hundreds of"),
        ("Change title v1", "Change title v2", .substantive, "wording", "v1", "v2"),
        ("COVID-19 rules eased", "Delta rules eased", .substantive, "wording", "COVID-19", "Delta"),
        ("Toll rises to 1,200", "Toll rises to 1,350", .substantive, "number", "1,200", "1,350"),
        // The same figure, moved and in another case: no number changed (rnz, headlines-2021-09).
        ("Eight killed in Russian campus shooting --investigators", "At least eight dead in Russian campus shooting",
         .substantive, "wording", "Eight killed --investigators", "At least eight dead"),
        // Most of the text said anew: a rewrite, though a number word left (nzherald, headlines-2021-09;
        // a new user's feed).
        ("National Party: Judith Collins loses three senior staffers as polls drop",
         "National Party: Three senior staffers departing Judith Collins' office", .substantive, "rewrite",
         "Judith Collins loses three as polls drop", "Three departing Judith Collins' office"),
        ("The minister resigned Monday after reports of 7 payments.", "The minister refused to resign Monday.",
         .substantive, "rewrite", "resigned Monday after reports of 7 payments.", "refused to resign Monday."),
    ])
    func classes_an_edit(old: String, new: String, kind: Edit.Class, reason: String, removed: String, added: String) throws {
        let change = try #require(EditClassifier.classify(old: old, new: new))
        #expect(change.kind == kind)
        #expect(change.reason == reason)
        #expect(change.removed.joined(separator: " ") == removed)
        #expect(change.added.joined(separator: " ") == added)
    }

    @Test func an_items_versions_give_edits_with_their_times_and_whether_they_are_announced() {
        let item = FactItem(itemID: 7, outlet: "cnn", guid: "cnn-7", published: nil, versions: [
            FactVersion(seenAt: at(0), previousPull: nil, title: "Shooting reported at Russian university", summary: ""),
            FactVersion(seenAt: at(60), previousPull: at(0), title: "6 killed in shooting at Russian university", summary: ""),
            FactVersion(seenAt: at(120), previousPull: at(60), title: "8 killed in shooting at Russian university",
                        summary: "Updated: the death toll rose."),
        ])
        let edits = EditClassifier.edits(of: item)
        #expect(edits.map(\.field) == [.title, .title, .summary])
        #expect(edits.map(\.kind) == [.substantive, .substantive, .substantive])
        #expect(edits.map(\.reason) == ["number", "number", "wording"])
        #expect(edits.map(\.isSilent) == [true, false, false])
        #expect(edits.map(\.to) == [at(60), at(120), at(120)])
        #expect(EditClassifier.classify(old: "same", new: "same") == nil)
    }

    @Test func a_headline_label_added_is_cosmetic() {
        let item = FactItem(itemID: 8, outlet: "abscbnnews", guid: "yt:8", published: nil, versions: [
            FactVersion(seenAt: at(0), previousPull: nil, title: "Volcano erupts on La Palma", summary: ""),
            FactVersion(seenAt: at(60), previousPull: at(0), title: "Volcano erupts on La Palma | ABS-CBN News", summary: ""),
        ])
        let edits = EditClassifier.edits(of: item)
        #expect(edits.map(\.kind) == [.cosmetic])
        #expect(edits.map(\.reason) == ["label"])
        #expect(edits.map(\.added) == ["| ABS-CBN News"])
    }
}

/// A YouTube channel's template lines (abscbnnews, headlines-2021-09: "Here's the full episode
/// of Dr. Love, September 19, 2021, only available in the Philippines." under each show's video,
/// added to a description after the video went up, then shortened) are its wrapping: an edit that
/// adds or drops only such lines is cosmetic `boilerplate`, and not a silent substantive edit.
@Suite struct TemplateLineEditTests {
    // Summaries as the store keeps them: the feed's line breaks read as spaces.
    static let links = "Watch full episodes on iWantTFC for FREE here: http://iwanttfc.com For more TeleRadyo videos, click the links below: https://www.youtube.com/playlist?list=PLgyY1WylJUmjhG4rVrq9CXF7oVrogq2wX "
        + "Subscribe to the ABS-CBN News channel! - http://bit.ly/TheABSCBNNews #TeleRadyo #ABSCBNNews"

    static func video(_ id: Int64, _ title: String, _ summaries: [String]) -> FactItem {
        FactItem(itemID: id, outlet: "abscbnnews", guid: "yt:video:\(id)", published: nil,
                 versions: summaries.enumerated().map { index, summary in
                     FactVersion(seenAt: at(Double(id * 100 + Int64(index) * 60)), previousPull: index == 0 ? nil : at(Double(id * 100 + Int64(index - 1) * 60)),
                                 title: title, summary: summary)
                 })
    }

    /// The show's template line in its two forms, the first with the TFC note.
    static func episode(_ show: String, _ date: String, philippinesOnly: Bool) -> String {
        "Here's the full episode of \(show), \(date)\(philippinesOnly ? ", only available in the Philippines." : ".") "
            + (philippinesOnly ? "For outside the Philippines visit: http://tfc.tv " : "")
    }

    static let drLove = video(1, "Dr. Love | TeleRadyo (19 September 2021)", [
        "Watch full episodes on iWantTFC for FREE here: http://iwanttfc.com Instagram: https://www.instagram.com/abscbnnews",
        episode("Dr. Love", "September 19, 2021", philippinesOnly: true) + links,
        episode("Dr. Love", "September 19, 2021", philippinesOnly: false) + links,
    ])

    static let stories: [[FactItem]] = [
        [drLove],
        [video(2, "Sakto | TeleRadyo (20 September 2021)", [episode("Sakto", "September 20, 2021", philippinesOnly: true) + links])],
        [video(3, "Kabayan | TeleRadyo (20 September 2021)", [episode("Kabayan", "September 20, 2021", philippinesOnly: true) + links])],
        [video(4, "Rundown (2 PM) | ANC (20 September 2021)", [episode("Rundown", "September 20, 2021", philippinesOnly: false) + links])],
        [video(5, "Top Story | ANC (20 September 2021)", [episode("Top Story", "September 20, 2021", philippinesOnly: false) + links])],
    ]

    @Test(arguments: [
        ("Here's the full episode of Dr. Love, September 19, 2021, only available in the Philippines.",
         "here s the full episode of N # only available in the N"),
        ("Here's the full episode of Tulong Ko, Pasa Mo September 19, 2021", "here s the full episode of N #"),
        ("Like and follow TFC News", "like and follow N"),
        // No slot, or too few fixed words: no template.
        ("Subscribe to the channel for more videos", nil),
        ("Dr. Love | TeleRadyo (19 September 2021)", nil),
        // A lower-case "may" is a word, not a month.
        ("Residents may return home on Monday", "residents may return home on #"),
    ] as [(String, String?)])
    func template_keys(segment: String, key: String?) {
        #expect(TextHygiene.templateKey(segment) == key)
    }

    @Test func template_lines_are_learned_per_outlet_from_summaries_of_three_stories() {
        let hygiene = TextHygiene.learn(from: Self.stories)
        #expect(hygiene.templates["abscbnnews"] == ["here s the full episode of N # only available in the N", "here s the full episode of N #",
                                                    "subscribe to the N channel"])
        #expect(hygiene.templates["cnn"] == nil)
    }

    @Test func adding_or_changing_only_template_lines_is_cosmetic_boilerplate() {
        let hygiene = TextHygiene.learn(from: Self.stories)
        let edits = EditClassifier.edits(of: Self.drLove, hygiene: hygiene)
        #expect(edits.map(\.field) == [.summary, .summary])
        #expect(edits.map(\.kind) == [.cosmetic, .cosmetic])
        #expect(edits.map(\.reason) == ["boilerplate", "boilerplate"])
        #expect(edits.last?.removed == "2021, only available in the Philippines.")
        #expect(edits.last?.added == "2021.")
        // Without the learned templates, the same edits were silent substantive ones.
        // (The second keeps its figure, 2021: it drops a name.)
        #expect(EditClassifier.edits(of: Self.drLove).map(\.reason) == ["number", "name"])
    }

    @Test func news_beside_a_template_line_and_a_template_whose_slots_change_stay_substantive() {
        let hygiene = TextHygiene.learn(from: Self.stories)
        let news = Self.video(6, "Sakto | TeleRadyo (20 September 2021)", [
            "Watch full episodes on iWantTFC for FREE here: http://iwanttfc.com",
            Self.episode("Sakto", "September 20, 2021", philippinesOnly: true) + "Pacquiao accepts the PDP-Laban nomination for president. " + Self.links,
            Self.episode("Sakto", "September 21, 2021", philippinesOnly: true) + "Pacquiao accepts the PDP-Laban nomination for president. " + Self.links,
        ])
        let edits = EditClassifier.edits(of: news, hygiene: hygiene)
        #expect(edits.map(\.kind) == [.substantive, .substantive])
        #expect(edits.map(\.reason) == ["name", "number"])
        #expect(edits.map(\.isSilent) == [true, true])
    }
}
