public import Foundation

/// Headless Chromium for page checks.
public enum Chromium {
    /// The browser, or nil when it is not installed.
    public static let binary: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Loads `file` and returns the DOM after loading (the load event, or 60 s on a machine
    /// too busy to get there), serialised.
    ///
    /// `--no-sandbox` because tests may run as root (CI), where Chromium refuses its sandbox;
    /// the pages are the test's own. The browser's output goes to a file and its exit is awaited
    /// through its termination handler, so that no thread of the test pool blocks on it (a
    /// blocking wait starved the loopback fetch tests running beside it on 2 cores).
    public static func dumpDOM(_ file: URL, profile: URL) async throws -> String {
        let output = profile.deletingLastPathComponent().appendingPathComponent("dom-\(UUID().uuidString).html")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary ?? "/usr/bin/chromium")
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
                             "--timeout=60000", "--dump-dom", file.absoluteString]
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume() }
        }
        try handle.close()
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }
}
