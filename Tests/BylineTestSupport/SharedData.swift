public import Foundation
public import Testing

/// Locates the project's shared, read-only data (`../shared` beside the checkout).
///
/// Tests that read it are enabled only when it is present, with a visible message otherwise:
/// `@Test(.enabled(if: SharedData.available, SharedData.missingMessage))`.
public enum SharedData {
    /// The checkout's root folder, found from this source file's path (Tests/BylineTestSupport/).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the checkout, or `BYLINE_SHARED` when that environment variable is set.
    public static let root: URL = {
        if let path = ProcessInfo.processInfo.environment["BYLINE_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    /// Whether the shared folder is there.
    public static var available: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("corpus").path)
    }

    /// The message a skipped test shows.
    public static let missingMessage: Comment = "skipped: ../shared (the shared corpus) is absent"

    /// The real feed corpus: `corpus/headlines-2021-09`.
    public static var corpus: URL { root.appendingPathComponent("corpus/headlines-2021-09") }

    /// The clustering gold set: `clustering/news-cluster-2017`.
    public static var clustering: URL { root.appendingPathComponent("clustering/news-cluster-2017") }
}
