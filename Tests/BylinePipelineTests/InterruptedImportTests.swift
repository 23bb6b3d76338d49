import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// SIGINT while `byline import` embeds the item texts: the batch in progress is finished and
/// saved, the command says it was stopped and what it kept, and exits 130; the vectors are
/// in the store for the next analysis. Before, the default action of SIGINT ended the process
/// without a word, and the batch in progress (256 texts, 10 s under load) was lost.
@Suite(.enabled(if: SharedData.available, SharedData.missingMessage),
       .enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"),
       .enabled(if: ReaderEmbeddingTests.model != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"))
struct InterruptedImportTests {
    @Test func sigintWhileEmbeddingKeepsTheVectorsSavedSoFar() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-sigint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try SharedData.firstCaptures()
        defer { try? FileManager.default.removeItem(at: archive) }

        let process = Process()
        process.executableURL = bylineBinary
        process.arguments = ["import", archive.path, "--db", "x.sqlite"]
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let notice = "byline: embedding 574 item texts by meaning (once: the vectors are stored for later runs)\n"
        // Standard error is read, and SIGINT sent the moment the notice arrives, on a thread of
        // its own: the tests running beside this one can hold the cooperative pool for seconds.
        let stderr = SignallingReader(err.fileHandleForReading, on: notice)
        try process.run()
        stderr.start(signalling: process.processIdentifier)
        let stdout = LineCollector(out.fileHandleForReading)
        let end = ContinuousClock.now + .seconds(180)
        while process.isAlive, !stderr.signalled, ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(stderr.signalled, "no embedding notice within 180 s: \(stderr.text)")
        let exited = try await RunCommandTests.waitForExit(process, seconds: 60)
        let ended = try #require(exited, "byline import did not stop within 60 s of SIGINT")
        #expect(ended == .exit(130))

        // The line says how many texts were kept; the store holds their vectors.
        let line = try #require(stdout.text.split(separator: "\n").last { $0.hasPrefix("stories: stopped while embedding item texts: ") })
        let kept = try #require(Int(line.dropFirst("stories: stopped while embedding item texts: ".count).prefix { $0.isNumber }))
        #expect(kept > 0 && kept < 574 && kept % 64 == 0, "\(line)")
        #expect(line == "stories: stopped while embedding item texts: \(kept) of 574 embedded and stored; the next pull, run, import or analyze embeds the \(574 - kept) left and places the new items")
        #expect(stderr.text.contains("byline: SIGINT: stopping after the snapshot or the batch of vectors in progress (a few seconds), keeping what is done; a second signal stops at once\n"))
        #expect(stderr.text.hasSuffix("byline: stopped by SIGINT: every snapshot is recorded; \(kept) item texts embedded and stored, \(574 - kept) left, no story changed yet; `byline analyze --db x.sqlite` (or this import again) goes on from there\n"))
        let store = try Store(path: folder.appendingPathComponent("x.sqlite").path, readOnly: true)
        let saved = try store.latestEmbeddings(model: Analysis.embeddingModelName).count
        #expect(saved >= kept && saved <= kept + 1)  // one text is two items'
        #expect(try store.storyAssignments().isEmpty)

        // `analyze` going on from the saved vectors is AnalysisUpdateTests'
        // anUpdateAskedToStopKeepsItsFirstBatchAndTheNextPlacesEverything (in process: this
        // suite runs beside load-sensitive ones, so it embeds no more than it must).
        #expect(try store.versionsWithoutEmbedding(model: Analysis.embeddingModelName).count == 575 - saved)
    }
}

/// Reads a process's standard error on a thread of its own and sends it SIGINT as soon as
/// `trigger` has arrived.
final class SignallingReader: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var sent = false
    private let handle: FileHandle
    private let trigger: String

    init(_ handle: FileHandle, on trigger: String) {
        self.handle = handle
        self.trigger = trigger
    }

    /// Starts reading until the end of the stream.
    func start(signalling pid: Int32) {
        let thread = Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty {
                    try? handle.close()
                    return
                }
                let fire = lock.withLock { () -> Bool in
                    data.append(chunk)
                    guard !sent, String(decoding: data, as: UTF8.self).contains(trigger) else { return false }
                    sent = true
                    return true
                }
                if fire { kill(pid, SIGINT) }
            }
        }
        thread.start()
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    var signalled: Bool { lock.withLock { sent } }
}
