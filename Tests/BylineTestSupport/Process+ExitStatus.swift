public import Foundation

/// Waiting for a child process in tests without trusting Foundation to notice its exit.
///
/// On Linux, `Process` can miss the exit of a child when other children of the test process end
/// at the same time: its wait for the exit then lasts for ever and `isRunning` stays true, the child
/// a zombie nobody reaps (a clean CI run hung ten minutes so). These waits reap the child
/// themselves with `waitpid`, and give up after a time limit, killing and reaping it.
extension Process {
    /// The exit status of this started process, waited for (polling `waitpid`, every 20 ms) for
    /// at most `seconds`.
    ///
    /// Read the child's pipes to their end before calling this (a child blocked on a full pipe
    /// does not exit). Once this has reaped the child, Foundation's `terminationStatus` and
    /// `terminationReason` are not usable: use the value returned.
    ///
    /// - Parameter seconds: the time limit, in seconds.
    /// - Returns: the exit code (0...255), or 128 + the signal number when a signal killed it.
    /// - Throws: ``ProcessTimeout`` (naming the command) when it has not exited within `seconds`;
    ///   it has then been killed with SIGKILL and reaped.
    public func exitStatus(within seconds: Double) throws -> Int32 {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if let status = reapedStatus() { return status }
            usleep(20_000)
        }
        if let status = reapedStatus() { return status }
        throw killAndReap(after: seconds)
    }

    /// The exit status of this started process, as ``exitStatus(within:)-(Double)``, waiting
    /// with `Task.sleep` so that no thread of the cooperative pool is held.
    ///
    /// - Parameter seconds: the time limit, in seconds.
    /// - Returns: the exit code (0...255), or 128 + the signal number when a signal killed it.
    /// - Throws: ``ProcessTimeout`` (naming the command) when it has not exited within `seconds`;
    ///   it has then been killed with SIGKILL and reaped. `CancellationError` when the task is
    ///   cancelled (the child is left running).
    public func exitStatus(within seconds: Double) async throws -> Int32 {
        if let end = try await end(within: seconds) { return end.status }
        throw killAndReap(after: seconds)
    }

    /// How this started process ended, when it ends within `seconds` (polling `waitpid` every
    /// 20 ms, waiting with `Task.sleep`); nil when it is still running then, left running and
    /// not reaped (to be waited for again, signalled or killed).
    ///
    /// Read the child's pipes to their end, or as they come, while this waits (a child blocked
    /// on a full pipe does not exit). Call it at most once after the child has ended: once this
    /// has reaped it, the kernel no longer knows its status, and Foundation's
    /// `terminationStatus`, `terminationReason` and `isRunning` are not usable: use the value
    /// returned, and ``isAlive`` instead of `isRunning`.
    ///
    /// - Parameter seconds: the time limit, in seconds.
    /// - Returns: its exit code or the signal that killed it; nil when it has not ended within
    ///   `seconds`.
    /// - Throws: `CancellationError` when the task is cancelled (the child is left running).
    public func end(within seconds: Double) async throws -> ProcessEnd? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if let end = reapedEnd() { return end }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Once more: a task the busy pool resumed only after the limit sees a child that
        // ended meanwhile as ended, not as one still running.
        return reapedEnd()
    }

    /// Whether this started child is still running, asked of the kernel (`waitid` with
    /// `WNOWAIT`, which reaps nothing): false once it has ended, reaped or not, and false once
    /// these waits or Foundation have reaped it.
    ///
    /// Unlike Foundation's `isRunning`, this does not stay true when Foundation misses the exit
    /// or when these waits reaped the child, so a signal sent only while it is true reaches
    /// this child, not a process that took its pid after it was reaped.
    public var isAlive: Bool {
        let pid = processIdentifier
        precondition(pid > 0, "isAlive of a process that was not started")
        var info = siginfo_t()
        // With WNOHANG, a child that has not ended leaves `info` zeroed (no pid).
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return false }
        return info._sifields._sigchld.si_pid != pid
    }

    /// The command line, for messages: the executable's name and the arguments.
    var commandLine: String {
        ([executableURL?.lastPathComponent ?? "a process"] + (arguments ?? [])).joined(separator: " ")
    }

    /// The child's exit status when it has exited (reaped now, or by Foundation before), nil while
    /// it runs.
    private func reapedStatus() -> Int32? { reapedEnd()?.status }

    /// How the child ended when it has (reaped now, or by Foundation before), nil while it runs.
    private func reapedEnd() -> ProcessEnd? {
        let pid = processIdentifier
        precondition(pid > 0, "exitStatus(within:) of a process that was not started")
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid {
            // Exited: the code is the second byte; killed by a signal: the low 7 bits.
            return status & 0x7f == 0 ? .exit((status >> 8) & 0xff) : .signal(status & 0x7f)
        }
        guard reaped == -1, errno == ECHILD else { return nil }
        // Foundation reaped it, so it has exited; Foundation marks it so a moment later, on its
        // own queue (a child reaped there was reported as hung, `isRunning` still true). Its
        // status of a killed process is the signal alone.
        let marked = ContinuousClock.now + .seconds(10)
        while isRunning, ContinuousClock.now < marked { usleep(1_000) }
        guard !isRunning else { return nil }
        return terminationReason == .uncaughtSignal ? .signal(terminationStatus) : .exit(terminationStatus)
    }

    /// Kills the child (SIGKILL), reaps it (waiting up to 10 s more) and returns the error to throw.
    private func killAndReap(after seconds: Double) -> ProcessTimeout {
        kill(processIdentifier, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(10)
        while reapedStatus() == nil, ContinuousClock.now < deadline { usleep(20_000) }
        return ProcessTimeout(command: commandLine, seconds: seconds)
    }
}

/// How a child process ended: the code it exited with, or the signal that killed it.
public enum ProcessEnd: Equatable, Sendable, CustomStringConvertible {
    /// It exited with this code (0...255).
    case exit(Int32)
    /// A signal killed it: the signal's number.
    case signal(Int32)

    /// The status as a shell gives it: the exit code, or 128 + the signal number.
    public var status: Int32 {
        switch self {
        case .exit(let code): code
        case .signal(let number): 128 + number
        }
    }

    public var description: String {
        switch self {
        case .exit(let code): "exit \(code)"
        case .signal(let number): "signal \(number)"
        }
    }
}

/// A child process that did not exit within its time limit and was killed.
public struct ProcessTimeout: Error, CustomStringConvertible {
    /// The command line: the executable's name and its arguments, separated by spaces.
    public var command: String
    /// The time limit, in seconds.
    public var seconds: Double

    public var description: String {
        "`\(command)` did not exit within \(seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)) s; it was killed"
    }
}

extension FileHandle {
    /// Everything left to read, up to the end of the stream, after which the handle is closed.
    ///
    /// A test that reaps its child itself (``Process/exitStatus(within:)-(Double)``) leaves
    /// Foundation waiting for an exit it never sees, and so holding the child's pipes: without a
    /// close each run leaks a descriptor per pipe (the test process held some 700 of them by the
    /// end of a run, where Foundation's `Process.run` of Swift 6.3 over-reads `/proc/self/fd` and
    /// crashes when there are many).
    public func readToEndClosing() -> Data {
        let data = readDataToEndOfFile()
        try? close()
        return data
    }
}
