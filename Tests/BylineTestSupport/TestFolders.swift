import Foundation

/// Where the tests of one test process put their scratch folders and files: one folder of the
/// system's temporary directory for the process (`byline-tests-PID`), removed with everything in
/// it when the process exits normally, so that test runs do not leave their stores, archives and
/// reports behind (runs had left some 4,000 folders, 12 GB, on one machine).
public enum TestFolders {
    /// The process's folder, made on first use.
    public static let root: URL = {
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit {
            try? FileManager.default.removeItem(atPath: TestFolders.path)
        }
        return URL(fileURLWithPath: path, isDirectory: true)
    }()

    /// The folder's path (a value of its own, which the exit handler reads: `root`'s
    /// initialiser must not be entered again from within itself).
    private static let path = FileManager.default.temporaryDirectory.appendingPathComponent("byline-tests-\(getpid())").path
}
