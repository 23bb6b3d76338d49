import BylineTestSupport
import Foundation
import Testing

/// The waits of ``BylineTestSupport`` for a child process: its exit code, 128 + the signal that
/// killed it, and a child past the time limit killed, reaped and named in the error; or, with
/// `end(within:)`, the code or the signal, and a child past the limit left running.
struct ProcessExitStatusTests {
    /// `sh -c script`, or with `exec` true the script's command in the shell's place (so that
    /// killing the child kills the command: a `sleep` that outlived its killed shell held the
    /// test runner's output open, and `swift test` waited for it an hour). No child of these
    /// tests shares the runner's standard input, output or error.
    static func started(_ script: String, exec: Bool = false) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", exec ? "exec " + script : script]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func anExitCodeIsReturned() throws {
        #expect(try Self.started("exit 3").exitStatus(within: 60) == 3)
    }

    @Test func aKilledChildIs128PlusTheSignal() async throws {
        #expect(try await Self.started("kill -9 $$").exitStatus(within: 60) == 128 + SIGKILL)
    }

    /// A child that exited before the wait looked gives its status even with no time left: a
    /// task that a busy pool resumes only after the limit must not kill and report an exited
    /// child (a run of the test targets under load reported `sh -c kill -9 $$` as not exiting
    /// within 60 s).
    @Test func aChildThatExitedIsNotReportedAsHungWhenTheLimitHasPassed() async throws {
        let process = try Self.started("exit 5")
        // Waits until it has exited, leaving it to be reaped (WNOWAIT), unless Foundation's own
        // wait reaped it first (ECHILD): either way it has exited.
        var info = siginfo_t()
        let waited = waitid(P_PID, id_t(process.processIdentifier), &info, WEXITED | WNOWAIT)
        #expect(waited == 0 || errno == ECHILD)
        #expect(try await process.exitStatus(within: 0) == 5)
    }

    /// Past the limit the child is killed and reaped: nothing is left to wait for. (It sleeps an
    /// hour: a wait that a busy pool resumes late must still find it running.)
    @Test func aChildPastTheLimitIsKilledReapedAndNamed() throws {
        let process = try Self.started("sleep 3600", exec: true)
        let error = try #require(throws: ProcessTimeout.self) { try process.exitStatus(within: 0.5) }
        try Self.expectKilledAndReaped(process, error)
    }

    /// The same, waiting without holding a thread.
    @Test func aChildPastTheLimitIsKilledReapedAndNamedWhenAwaited() async throws {
        let process = try Self.started("sleep 3600", exec: true)
        let error = try await #require(throws: ProcessTimeout.self) { try await process.exitStatus(within: 0.5) }
        try Self.expectKilledAndReaped(process, error)
    }

    /// Within its limit, `end(within:)` tells an exit code from the signal that killed the child,
    /// which the status alone does not: `exit 130` and a death by SIGINT are both 130 to a shell.
    @Test func anEndTellsAnExitCodeFromASignal() async throws {
        let exited = try await Self.started("exit 130").end(within: 60)
        #expect(exited == .exit(130))
        #expect(exited?.status == 130)
        let killed = try await Self.started("kill -9 $$").end(within: 60)
        #expect(killed == .signal(SIGKILL))
        #expect(killed?.status == 128 + SIGKILL)
    }

    /// Past its limit, `end(within:)` is nil and leaves the child running, unreaped and alive:
    /// it can still be signalled, and its end waited for. (SIGKILL: a child of the test runner
    /// may start with SIGTERM and SIGINT blocked, the mask of the thread that spawned it.)
    @Test func aChildStillRunningAtTheLimitIsLeftRunning() async throws {
        let process = try Self.started("sleep 3600", exec: true)
        defer { if process.isAlive { kill(process.processIdentifier, SIGKILL) } }
        #expect(try await process.end(within: 0.3) == nil)
        #expect(process.isAlive)
        #expect(kill(process.processIdentifier, SIGKILL) == 0)
        #expect(try await process.end(within: 60) == .signal(SIGKILL))
        #expect(!process.isAlive)
    }

    /// `isAlive` is false for a child that has ended, before it is reaped (a zombie) and after.
    @Test func anEndedChildIsNotAliveReapedOrNot() async throws {
        let process = try Self.started("exit 4")
        // Waits until it has exited, leaving it to be reaped, unless Foundation's own wait reaped
        // it first (as in aChildThatExitedIsNotReportedAsHungWhenTheLimitHasPassed).
        var info = siginfo_t()
        let waited = waitid(P_PID, id_t(process.processIdentifier), &info, WEXITED | WNOWAIT)
        #expect(waited == 0 || errno == ECHILD)
        #expect(!process.isAlive)
        #expect(try await process.end(within: 60) == .exit(4))
        #expect(!process.isAlive)
    }

    static func expectKilledAndReaped(_ process: Process, _ error: ProcessTimeout) throws {
        #expect(error.description == "`sh -c exec sleep 3600` did not exit within 0.5 s; it was killed")
        var status: Int32 = 0
        #expect(waitpid(process.processIdentifier, &status, WNOHANG) == -1)
        #expect(kill(process.processIdentifier, 0) == -1)
    }
}
