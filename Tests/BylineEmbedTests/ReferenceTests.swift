import BylineEmbed
import Dispatch
import Foundation
import Synchronization
import Testing

/// Compares against token ids and vectors from sentence-transformers
/// (`Fixtures/reference.json`, see `Fixtures/README.md`).
@Suite(.enabled(if: TestModel.hasModel, Comment(rawValue: TestModel.skipReason)))
struct ReferenceTests {
    @Test func tokenIDsMatchReference() throws {
        let embedder = try #require(TestModel.shared)
        let records = try ReferenceRecord.load()
        var matches = 0
        for record in records {
            let ids = embedder.tokenIDs(record.text)
            #expect(ids == record.ids, "token ids differ for \(record.text.debugDescription)")
            if ids == record.ids { matches += 1 }
        }
        print("token ids identical for \(matches)/\(records.count) reference texts")
    }

    @Test func vectorsMatchReference() throws {
        let embedder = try #require(TestModel.shared)
        let records = try ReferenceRecord.load()
        let vectors = embedder.embed(records.map(\.text))
        try #require(vectors.count == records.count)
        var minimum = 1.0
        var worst = ""
        var largestDifference: Float = 0
        for (record, vector) in zip(records, vectors) {
            #expect(vector.count == SentenceEmbedder.dimension)
            let similarity = Self.cosineInDouble(vector, record.vector)
            #expect(similarity >= 0.999, "cosine \(similarity) for \(record.text.debugDescription)")
            if similarity < minimum {
                minimum = similarity
                worst = record.text
            }
            for (mine, reference) in zip(vector, record.vector) {
                largestDifference = max(largestDifference, abs(mine - reference))
            }
        }
        print("minimum cosine to reference over \(records.count) texts: \(minimum) (\(worst.prefix(50).debugDescription)); largest component difference \(largestDifference)")
    }

    private static func cosineInDouble(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, normA = 0.0, normB = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            normA += Double(x) * Double(x)
            normB += Double(y) * Double(y)
        }
        return dot / (normA * normB).squareRoot()
    }

    @Test func vectorsAreUnitLength() throws {
        let embedder = try #require(TestModel.shared)
        for vector in embedder.embed(["Biden's UN challenge", "", "中国", "🔥"]) {
            let norm = vector.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
            #expect(vector.allSatisfy { $0.isFinite })
        }
    }

    @Test func batchingDoesNotChangeResults() throws {
        let embedder = try #require(TestModel.shared)
        let texts = try ReferenceRecord.load().map(\.text)
        let together = embedder.embed(texts)
        // 50 texts in one call form one batch; singly they are 50 batches.
        for (index, text) in texts.enumerated().prefix(8) {
            let alone = try #require(embedder.embed([text]).first)
            #expect(cosine(alone, together[index]) > 0.99999)
        }
        // More than one batch (over 64 texts) keeps the order.
        let many = Array(repeating: texts, count: 3).flatMap { $0 }
        let repeated = embedder.embed(many)
        #expect(repeated.count == many.count)
        for index in stride(from: 0, to: many.count, by: 7) {
            #expect(cosine(repeated[index], together[index % texts.count]) > 0.99999)
        }
    }

    @Test(arguments: [1, 3])
    func threadCountDoesNotChangeResults(threads: Int) throws {
        let directory = try #require(TestModel.directory)
        let reference = try #require(TestModel.shared)
        let embedder = try SentenceEmbedder(directory: directory, threads: threads)
        #expect(embedder.threadCount == threads)
        // One short text (products split by columns) and a full batch (split by rows).
        let texts = try ReferenceRecord.load().map(\.text)
        for batch in [[texts[0]], texts] {
            for (mine, theirs) in zip(embedder.embed(batch), reference.embed(batch)) {
                #expect(cosine(mine, theirs) > 0.99999)
            }
        }
    }

    @Test func concurrentCallsAgree() throws {
        let embedder = try #require(TestModel.shared)
        let texts = try ReferenceRecord.load().map(\.text)
        let expected = embedder.embed(texts)
        let results = Mutex<[[[Float]]]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let vectors = embedder.embed(texts)
            results.withLock { $0.append(vectors) }
        }
        let all = results.withLock { $0 }
        #expect(all.count == 4)
        for vectors in all {
            for (mine, theirs) in zip(vectors, expected) {
                #expect(cosine(mine, theirs) > 0.99999)
            }
        }
    }

    @Test func emptyTextEmbedsClassifierAndSeparator() throws {
        let embedder = try #require(TestModel.shared)
        #expect(embedder.tokenIDs("") == [101, 102])
        #expect(embedder.tokenIDs(" \t\n") == [101, 102])
        let vectors = embedder.embed(["", " \t\n"])
        #expect(vectors[0].count == SentenceEmbedder.dimension)
        #expect(cosine(vectors[0], vectors[1]) > 0.99999)
        #expect(embedder.embed([]).isEmpty)
    }

    @Test func similarHeadlinesAreCloserThanUnrelatedOnes() throws {
        let embedder = try #require(TestModel.shared)
        let vectors = embedder.embed([
            "France recalls ambassadors to US and Australia over submarine deal",
            "Paris withdraws envoys from Washington and Canberra in AUKUS row",
            "Chelsea beat Spurs to extend unbeaten run",
        ])
        #expect(cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2]) + 0.2)
    }

    @Test func oneMegabyteTitleIsBoundedAndCapped() throws {
        let embedder = try #require(TestModel.shared)
        let words = String(repeating: "Evergrande debt crisis rattles global markets, ", count: 22_000)
        let ideographs = String(repeating: "中国恒大集团债务危机", count: 35_000)
        for text in [words, ideographs] {
            #expect(text.utf8.count >= 1_000_000)
            let clock = ContinuousClock()
            var ids: [Int32] = []
            var vector: [Float] = []
            let elapsed = clock.measure {
                ids = embedder.tokenIDs(text)
                vector = embedder.embed([text])[0]
            }
            #expect(ids.count == embedder.maxTokens)
            #expect(ids.first == 101 && ids.last == 102)
            #expect(vector.count == SentenceEmbedder.dimension)
            #expect(elapsed < .seconds(5), "took \(elapsed)")
        }
        // One 1 MB "word" is a single [UNK].
        let blob = String(repeating: "x", count: 1_000_000)
        let elapsed = ContinuousClock().measure {
            #expect(embedder.tokenIDs(blob) == [101, 100, 102])
        }
        #expect(elapsed < .seconds(5), "took \(elapsed)")
    }

    @Test func tokenCapIsAParameter() throws {
        let directory = try #require(TestModel.directory)
        let embedder = try SentenceEmbedder(directory: directory, maxTokens: 16)
        #expect(embedder.maxTokens == 16)
        let long = try ReferenceRecord.load().first { $0.ids.count == 128 }
        let record = try #require(long)
        let ids = embedder.tokenIDs(record.text)
        #expect(ids == Array(record.ids.prefix(15)) + [102])
        #expect(embedder.embed([record.text])[0].count == SentenceEmbedder.dimension)

        let minimal = try SentenceEmbedder(directory: directory, maxTokens: 2)
        #expect(minimal.tokenIDs("anything at all") == [101, 102])
    }

    @Test(arguments: [0, 1, 513])
    func tokenCapOutOfRangeThrows(maxTokens: Int) throws {
        let directory = try #require(TestModel.directory)
        #expect(throws: EmbeddingError.invalidMaxTokens(requested: maxTokens, allowed: 2...512)) {
            try SentenceEmbedder(directory: directory, maxTokens: maxTokens)
        }
    }
}
