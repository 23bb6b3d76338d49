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
