import BylineEmbed
import Testing

/// Checks the committed reference fixture itself; needs no model.
@Suite struct FixtureTests {
    @Test func fixtureIsComplete() throws {
        let records = try ReferenceRecord.load()
        #expect(records.count == 50)
        #expect(records.allSatisfy { $0.vector.count == SentenceEmbedder.dimension })
        #expect(records.allSatisfy { $0.ids.first == 101 && $0.ids.last == 102 })
        #expect(records.contains { $0.ids.count == 128 }, "fixture should contain a text over the 128-token cap")
    }
}
