import Foundation
import Testing
@testable import BylineStories

/// 2021-09-20T00:00:00Z.
private let base = Date(timeIntervalSince1970: 1_632_096_000)

/// An agency report as two outlets ran it (one trims the dateline and the last sentence, one
/// edits the headline), and a staff report on the same event. Written for this test in the
/// shape of AP copy.
private let apAtABC = StoryItem(
    id: 1, outlet: "abcnews", title: "Tourist ship strikes highway bridge in Germany; 25 hurt",
    summary: "BERLIN (AP) — A tourist ship struck a highway bridge on the Rhine river in western Germany on Saturday evening, injuring 25 people, police said. The ship was carrying 150 passengers and 45 crew members when it hit a pillar of the bridge near Duisburg. Five people were seriously hurt.",
    time: base)
private let apAtWaPo = StoryItem(
    id: 2, outlet: "washingtonpost", title: "Tourist Ship Strikes Highway Bridge in Germany; 27 Hurt",
    summary: "A tourist ship struck a highway bridge on the Rhine river in western Germany on Saturday evening, injuring 27 people, police said. The ship was carrying 150 passengers and 45 crew members when it hit a pillar of the bridge near Duisburg.",
    time: base.addingTimeInterval(1_800))
private let staff = StoryItem(
    id: 3, outlet: "dw", title: "Germany: Rhine cruise ship hits bridge pylon causing injuries",
    summary: "The Swiss Crystal passenger cruiser hit a motorway bridge pylon near Duisburg late on Saturday. Emergency services said dozens of people were hurt, several of them seriously.",
    time: base.addingTimeInterval(900))

@Suite struct WireCopyDetectorTests {
    @Test func the_same_agency_copy_under_two_outlets_is_one_wire_report() throws {
        let groups = WireCopyDetector.groups([staff, apAtWaPo, apAtABC])
        #expect(groups == [WireGroup(itemIDs: [1, 2], outlets: ["abcnews", "washingtonpost"], earliestTime: base)])
        let group = try #require(groups.first)
        #expect(group.earliestOutlet == "abcnews")
        #expect(group.earliestItemID == 1)
    }

    @Test func a_staff_report_on_the_same_event_is_not_wire_copy() throws {
        let copy = try #require(WireCopyDetector.similarity(apAtABC, apAtWaPo))
        let own = try #require(WireCopyDetector.similarity(apAtABC, staff))
        #expect(copy >= WireCopyDetector.threshold)
        #expect(own < 0.1)
    }

    @Test func identical_short_headlines_are_not_enough() {
        let a = StoryItem(id: 1, outlet: "cnn", title: "Biden speaks at the UN", time: base)
        let b = StoryItem(id: 2, outlet: "fox", title: "Biden speaks at the UN", time: base)
        #expect(WireCopyDetector.similarity(a, b) == nil)
        #expect(WireCopyDetector.groups([a, b]) == [])
    }
}
