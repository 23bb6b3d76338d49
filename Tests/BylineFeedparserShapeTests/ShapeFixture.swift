import Foundation

/// The feed fixtures, read from `Tests/BylineFeedTests/Fixtures` beside this folder: the
/// documents the parser's own tests read, printed here in feedparser's shape.
enum ShapeFixture {
    /// The fixture folder in the source tree.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("BylineFeedTests/Fixtures")

    /// The bytes of one fixture file.
    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }
}
