import Foundation

extension Store {
    /// The lock file of the analysis of the SQLite database at `database` (the path as the store
    /// was opened with): `<database>-analysis.lock`, beside it.
    public static func analysisLockPath(forDatabase database: String) -> String { database + "-analysis.lock" }

    /// Runs `body` while holding the analysis lock of this database: a ``FileLock`` on
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
        let lock: FileLock
        let taken: Bool
        do throws(FileLock.Failure) {
            lock = try FileLock(path: Self.analysisLockPath(forDatabase: path))
            taken = wait ? try await lock.lock() : try lock.tryLock()
        } catch {
            // Only creating the file can meet a full disk.
            let message = error.message(keepingOff: "a second analysis off this database")
            throw error.errno == ENOSPC ? .full(path: error.path, message: message) : .sqlite(path: error.path, message: message)
        }
        // Closing the file releases the lock.
        defer { lock.release() }
        guard taken else { return nil }
        return try await body()
    }
}
