import BylineEmbed
import Foundation

/// Locates the model for tests via ``ModelLocation`` (set `BYLINE_MODEL`) and
/// loads it once for all suites.
enum TestModel {
    static let directory: URL? = ModelLocation.resolve(
        explicit: nil, environment: ProcessInfo.processInfo.environment)

    static var tokenizerURL: URL? { directory?.appendingPathComponent("tokenizer.json") }
    static var weightsURL: URL? { directory?.appendingPathComponent("model.safetensors") }

    static var hasTokenizer: Bool {
        tokenizerURL.map { FileManager.default.fileExists(atPath: $0.path) } ?? false
    }

    static var hasModel: Bool {
        hasTokenizer && (weightsURL.map { FileManager.default.fileExists(atPath: $0.path) } ?? false)
    }

    /// Why model-dependent tests are skipped.
    static var skipReason: String {
        "no model at \(directory?.path ?? ModelLocation.defaultDirectory(environment: ProcessInfo.processInfo.environment).path) (set \(ModelLocation.environmentVariable))"
    }

    /// `$BYLINE_TOKENIZER_SWEEP`, if it names an existing file.
    static var sweepFile: String? {
        ProcessInfo.processInfo.environment["BYLINE_TOKENIZER_SWEEP"].flatMap {
            FileManager.default.fileExists(atPath: $0) ? $0 : nil
        }
    }

    /// The embedder with the default cap, loaded once.
    static let shared: SentenceEmbedder? = directory.flatMap { try? SentenceEmbedder(directory: $0) }
}

/// One record of `Fixtures/reference.json`, produced by `make_reference.py`.
struct ReferenceRecord: Decodable {
    var text: String
    var ids: [Int32]
    var vector: [Float]

    static func load() throws -> [ReferenceRecord] {
        guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        let data = try Data(contentsOf: folder.appendingPathComponent("reference.json"))
        return try JSONDecoder().decode([ReferenceRecord].self, from: data)
    }
}

/// A fresh temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("byline-embed-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
