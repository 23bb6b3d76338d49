import Foundation
import Testing
@testable import BylineEmbed

@Suite struct ErrorTests {
    @Test func missingDirectoryIsModelNotFound() throws {
        let path = "/nonexistent/byline/models/all-MiniLM-L6-v2"
        #expect(throws: EmbeddingError.modelNotFound(path: path)) {
            try SentenceEmbedder(directory: URL(fileURLWithPath: path, isDirectory: true))
        }
        #expect(EmbeddingError.modelNotFound(path: path).description.contains(path))
    }

    @Test func emptyDirectoryIsFileMissing() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: EmbeddingError.fileMissing(path: directory.appendingPathComponent("tokenizer.json").path)) {
            try SentenceEmbedder(directory: directory)
        }
    }

    @Test(.enabled(if: TestModel.hasModel, Comment(rawValue: TestModel.skipReason)))
    func truncatedWeightsAreReported() throws {
        let source = try #require(TestModel.directory)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            at: source.appendingPathComponent("tokenizer.json"),
            to: directory.appendingPathComponent("tokenizer.json"))
        let weights = source.appendingPathComponent("model.safetensors")
        let fullSize = try #require(
            (try FileManager.default.attributesOfItem(atPath: weights.path)[.size] as? NSNumber)?.intValue)
        let handle = try FileHandle(forReadingFrom: weights)
        let prefix = try handle.read(upToCount: fullSize / 2) ?? Data()
        try handle.close()
        let copy = directory.appendingPathComponent("model.safetensors")
        try prefix.write(to: copy)

        let expected = EmbeddingError.truncated(path: copy.path, expectedBytes: fullSize, actualBytes: fullSize / 2)
        #expect(throws: expected) { try SentenceEmbedder(directory: directory) }
        #expect(expected.description.contains(copy.path))
    }

    // MARK: Synthetic safetensors files

    /// Writes a safetensors file with the given header object and `dataBytes` zero bytes.
    private func writeSafeTensors(header: String, dataBytes: Int, in directory: URL) throws -> URL {
        var data = Data()
        let headerBytes = Data(header.utf8)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(headerBytes)
        data.append(Data(count: dataBytes))
        let url = directory.appendingPathComponent("model.safetensors")
        try data.write(to: url)
        return url
    }

    @Test func headerLongerThanFileIsTruncated() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        var data = Data()
        withUnsafeBytes(of: UInt64(1000).littleEndian) { data.append(contentsOf: $0) }
        data.append(Data("{}".utf8))
        try data.write(to: url)
        #expect(throws: EmbeddingError.truncated(path: url.path, expectedBytes: 1008, actualBytes: 10)) {
            try SafeTensorsFile(contentsOf: url)
        }
        try Data([1, 2, 3]).write(to: url)
        #expect(throws: EmbeddingError.truncated(path: url.path, expectedBytes: 8, actualBytes: 3)) {
            try SafeTensorsFile(contentsOf: url)
        }
    }

    @Test func tensorDataBeyondEndIsTruncated() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let header = #"{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}"#
        let url = try writeSafeTensors(header: header, dataBytes: 4, in: directory)
        let headerEnd = 8 + header.utf8.count
        #expect(throws: EmbeddingError.truncated(path: url.path, expectedBytes: headerEnd + 16, actualBytes: headerEnd + 4)) {
            try SafeTensorsFile(contentsOf: url)
        }
    }

    @Test(arguments: [
        "not json at all",
        #"["a list"]"#,
        #"{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}"#,
        #"{"a":{"dtype":"F32","shape":[2,-2],"data_offsets":[0,16]}}"#,
        #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[16,0]}}"#,
        #"{"a":{"dtype":"F32","shape":[4]}}"#,
    ])
    func badHeaderIsMalformed(header: String) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try writeSafeTensors(header: header, dataBytes: 64, in: directory)
        do {
            _ = try SafeTensorsFile(contentsOf: url)
            Issue.record("expected an error for \(header)")
        } catch {
            guard case .malformed(let path, _) = error else {
                Issue.record("unexpected \(error) for \(header)")
                return
            }
            #expect(path == url.path)
        }
    }

    @Test func implausibleHeaderLengthIsMalformed() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        var data = Data()
        withUnsafeBytes(of: UInt64.max.littleEndian) { data.append(contentsOf: $0) }
        data.append(Data(count: 32))
        try data.write(to: url)
        #expect(throws: EmbeddingError.self) { try SafeTensorsFile(contentsOf: url) }
    }

    @Test func missingTensorWrongShapeAndDataType() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let header = #"{"__metadata__":{"format":"pt"},"bert.a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F16","shape":[2],"data_offsets":[16,20]}}"#
        let url = try writeSafeTensors(header: header, dataBytes: 20, in: directory)
        let file = try SafeTensorsFile(contentsOf: url)
        // The "bert." prefix is optional.
        #expect(try file.floats("a", shape: [2, 2]) == [0, 0, 0, 0])
        #expect(throws: EmbeddingError.missingTensor(path: url.path, tensor: "c")) {
            try file.floats("c", shape: [1])
        }
        #expect(throws: EmbeddingError.shapeMismatch(path: url.path, tensor: "a", expected: [4], actual: [2, 2])) {
            try file.floats("a", shape: [4])
        }
        #expect(throws: EmbeddingError.self) { try file.floats("b", shape: [2]) }
    }

    @Test func descriptionsAreOneLineAndNameTheFile() {
        let errors: [EmbeddingError] = [
            .modelNotFound(path: "/m"),
            .fileMissing(path: "/m/tokenizer.json"),
            .unreadable(path: "/m/model.safetensors", reason: "permission denied"),
            .truncated(path: "/m/model.safetensors", expectedBytes: 10, actualBytes: 5),
            .malformed(path: "/m/tokenizer.json", reason: "invalid JSON"),
            .missingTensor(path: "/m/model.safetensors", tensor: "embeddings.word_embeddings.weight"),
            .shapeMismatch(path: "/m/model.safetensors", tensor: "x", expected: [1], actual: [2]),
        ]
        for error in errors {
            #expect(error.description.contains("/m"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func malformedTokenizerJSONThrows() {
        #expect(throws: EmbeddingError.self) {
            try WordPieceTokenizer(json: Data("{\"model\": 3}".utf8), path: "/x/tokenizer.json")
        }
        do {
            _ = try WordPieceTokenizer(json: Data("not json".utf8), path: "/x/tokenizer.json")
            Issue.record("expected an error")
        } catch {
            guard case .malformed(let path, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path == "/x/tokenizer.json")
        }
    }
}
