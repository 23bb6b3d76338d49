import BylineTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// SIGINT or SIGTERM during `byline report`: it says at once that the report was stopped and
/// that the folder is left as it was, and exits 128 + the signal's number (it ended without a
/// word, by the signal's default action).
///
/// The report is held at a known point: its `--db` is a PostgreSQL URL of a loopback listener
/// that accepts the connection and never answers (a hung server), so the report waits after
/// the signals are trapped and `--out` is checked, before anything is read; the signal is sent
/// the moment the listener accepts, from a thread of its own (the tests running beside this one
/// can hold the cooperative pool for longer than the report's 10 s wait for an answer).
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct ReportSignalTests {
    @Test(arguments: [(SIGINT, "R", 130), (SIGTERM, "R", 143), (SIGINT, "New", 130)])
    func aSignalStopsTheReportAndLeavesTheFolder(signal: Int32, out: String, status: Int32) async throws {
        let folder = try ReportAtomicityTests.importedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try CLI.run(["report", "--out", "R", "--no-model"], in: folder)
        #expect(first.status == 0)
        let previous = try ReportAtomicityTests.contents(folder.appendingPathComponent("R"))
        #expect(previous.keys.sorted() == ReportAtomicityTests.reportFiles)

        let server = try SilentListener()
        defer { server.close() }
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["report", "--out", out, "--no-model", "--db", "postgres://reader@127.0.0.1:\(server.port)/byline"]
        process.currentDirectoryURL = folder
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer { if process.isAlive { kill(process.processIdentifier, SIGKILL) } }
        server.start(signalling: process.processIdentifier, with: signal)

        let end = ContinuousClock.now + .seconds(120)
        while !server.signalled, process.isAlive, ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(server.signalled, "the report did not connect within 120 s")
        let ended = try #require(try await process.end(within: 60), "byline report did not stop within 60 s of the signal")
        #expect(ended == .exit(status))

        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        let left = out == "R" ? "the previous report in R is left as it was" : "New was not created"
        #expect(String(decoding: stderr.fileHandleForReading.readToEndClosing(), as: UTF8.self)
            == "byline: stopped by \(name): no report written; \(left)\n")
        #expect(stdout.fileHandleForReading.readToEndClosing().isEmpty)
        #expect(try ReportAtomicityTests.contents(folder.appendingPathComponent("R")) == previous)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            == ["R", "archive", "byline.sqlite", "byline.sqlite-analysis.lock"])
    }
}

/// A TCP listener on a loopback port that accepts connections and never writes to them, and
/// signals a process the moment the first connection comes.
private final class SilentListener: @unchecked Sendable {
    private let lock = NSLock()
    private let socketFD: Int32
    private var clients: [Int32] = []
    private var sent = false
    let port: UInt16

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(listener, socketAddress, length) == 0 && listen(listener, 4) == 0
                    && getsockname(listener, socketAddress, &length) == 0
            }
        }
        guard bound else {
            let error = POSIXError(.init(rawValue: errno) ?? .EIO)
            _ = Glibc.close(listener)
            throw error
        }
        socketFD = listener
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Accepts connections on a thread of its own until the socket is closed, sending `signal`
    /// to `pid` as soon as the first one comes.
    func start(signalling pid: Int32, with signal: Int32) {
        let thread = Thread { [self] in
            while true {
                let client = accept(socketFD, nil, nil)
                guard client >= 0 else { return }
                let fire = lock.withLock { () -> Bool in
                    clients.append(client)
                    defer { sent = true }
                    return !sent
                }
                if fire { kill(pid, signal) }
            }
        }
        thread.start()
    }

    /// Whether the signal was sent.
    var signalled: Bool { lock.withLock { sent } }

    func close() {
        // Shutting the socket down ends the thread's wait in accept.
        _ = shutdown(socketFD, Int32(SHUT_RDWR))
        _ = Glibc.close(socketFD)
        lock.withLock { for client in clients { _ = Glibc.close(client) } }
    }
}
