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

    /// An archive of the first capture of every outlet of headlines-2021-09
    /// (2021-09-18T19:13:44Z: 20 snapshots, 575 items, 574 distinct texts): `archive` in
    /// `folder`, or a new folder of its own when `folder` is nil.
    public static func firstCaptures(in folder: URL? = nil) throws -> URL {
        let archive = folder?.appendingPathComponent("archive")
            ?? TestFolders.root.appendingPathComponent("byline-first-captures-\(UUID().uuidString)")
        for outlet in try FileManager.default.contentsOfDirectory(atPath: corpus.path) {
            let file = corpus.appendingPathComponent("\(outlet)/20210918T191344Z.xml")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            try FileManager.default.createDirectory(at: archive.appendingPathComponent(outlet), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: file, to: archive.appendingPathComponent("\(outlet)/20210918T191344Z.xml"))
        }
        return archive
    }
}
