import Foundation

extension Store {
    /// The lock file of the analysis of the SQLite database at `database` (the path as the store
    /// was opened with): `<database>-analysis.lock`, beside it.
    public static func analysisLockPath(forDatabase database: String) -> String { database + "-analysis.lock" }

    /// Runs `body` while holding the analysis lock of this database: `flock` (exclusive) on
    /// ``analysisLockPath(forDatabase:)``, so that one process at a time (a `pull`, `import`,
    /// `run` or `analyze`) brings the stories up to date, as PostgreSQL's advisory lock does. The
    /// lock is taken on a descriptor of its own, so another ``Store`` of the same file in this
    /// process is another holder; the kernel releases it when `body` ends or the process does,
    /// however it ends (a kill leaves no stale lock). The file is created when missing and kept
    /// (removing it while another process opens it would let two hold the lock).
    ///
    /// - Parameters:
    ///   - wait: when another holder has the lock: true waits for it (checking every 0.1 s, for
    ///     as long as it is held); false returns nil at once without running `body`.
    ///   - body: the analysis.
    /// - Returns: what `body` returned; nil when it did not run (the lock was held and `wait` is
    ///   false, or the task was cancelled while waiting).
    /// - Throws: ``StoreError/full(path:message:)`` naming the lock file when it cannot be
    ///   created for lack of space, ``StoreError/sqlite(path:message:)`` when it cannot be created
    ///   or locked otherwise; what `body` throws.
    public func withAnalysisLock<T: Sendable>(wait: Bool, _ body: () async throws(StoreError) -> T) async throws(StoreError) -> T? {
        let lockPath = Self.analysisLockPath(forDatabase: path)
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let failure = errno
            let message = "cannot create the lock file that keeps a second analysis off this database (\(String(cString: strerror(failure))))"
            throw failure == ENOSPC ? .full(path: lockPath, message: message) : .sqlite(path: lockPath, message: message)
        }
        // Closing the descriptor releases the lock.
        defer { close(descriptor) }
        while true {
            var result: Int32
            repeat { result = flock(descriptor, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
            if result == 0 { break }
            let failure = errno
            guard failure == EWOULDBLOCK else {
                throw .sqlite(path: lockPath, message: "cannot be locked (\(String(cString: strerror(failure))))")
            }
            guard wait, !Task.isCancelled else { return nil }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try await body()
    }
}
