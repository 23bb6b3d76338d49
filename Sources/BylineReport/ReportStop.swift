import Synchronization

/// Stops a report being written, from another thread (a signal's handler), so that its folder is
/// left either as it was or with the whole new report, never a mix.
///
/// ``ReportWriter/write(_:to:topStories:stop:)`` writes the new files into a staging folder and
/// then puts them in place: in one step (the folders exchanged, or the staging folder renamed),
/// or, for a folder that cannot be exchanged, one rename after another. Each file written and
/// that placing run under this value's lock, so ``stop()`` waits for at most one of them (a
/// flag set before it takes the lock keeps the writer from starting the next one).
public final class ReportStop: Sendable {
    private struct State {
        var stopped = false
        var placed = false
        var staging: Set<String> = []
    }

    private let state = Mutex(State())
    /// Set by ``stop()`` before it takes the lock, so that the writer, which takes the lock for
    /// each file, does not take it again first.
    private let requested = Atomic<Bool>(false)

    /// A stop that nothing has asked for yet.
    public init() {}

    /// Stops the report unless it has begun to put its files in place: it then puts no file in
    /// place, and its staging folders are removed here.
    ///
    /// - Returns: true when the report was stopped before it put any file in place (its folder
    ///   is as it was); false when it had already begun to, in which case this returns once the
    ///   placing has ended (the folder holds the whole new report, unless the placing failed, as
    ///   the writer then reports).
    public func stop() -> Bool {
        requested.store(true, ordering: .sequentiallyConsistent)
        return state.withLock { state in
            guard !state.placed else { return false }
            state.stopped = true
            for path in state.staging { ReportFiles.removeFlatFolder(path) }
            state.staging.removeAll()
            return true
        }
    }

    /// Creates the staging folder `path` with `create` (which returns whether it did) unless
    /// the report was stopped; a folder created is one that ``stop()`` removes.
    ///
    /// - Returns: what `create` returned.
    /// - Throws: ``ReportError/stopped`` when the report was stopped (`create` did not run).
    func creating(staging path: String, _ create: () -> Bool) throws(ReportError) -> Bool {
        guard !requested.load(ordering: .sequentiallyConsistent) else { throw .stopped }
        return try state.withLock { (state) throws(ReportError) -> Bool in
            guard !state.stopped else { throw .stopped }
            guard create() else { return false }
            state.staging.insert(path)
            return true
        }
    }

    /// Forgets a staging folder (removed or put in place by the writer).
    func remove(staging path: String) {
        state.withLock { _ = $0.staging.remove(path) }
    }

    /// Runs `body` (one file written into a staging folder) unless the report was stopped.
    ///
    /// - Throws: ``ReportError/stopped`` when it was; what `body` throws.
    func writing(_ body: () throws(ReportError) -> Void) throws(ReportError) {
        guard !requested.load(ordering: .sequentiallyConsistent) else { throw .stopped }
        try state.withLock { (state) throws(ReportError) in
            guard !state.stopped else { throw .stopped }
            try body()
        }
    }

    /// Runs `body`, which puts files in place and returns whether it put any, unless the report
    /// was stopped; once it has put one, ``stop()`` no longer stops the report.
    ///
    /// - Throws: ``ReportError/stopped`` when the report was stopped (`body` did not run).
    func placing(_ body: () -> Bool) throws(ReportError) {
        guard !requested.load(ordering: .sequentiallyConsistent) else { throw .stopped }
        try state.withLock { (state) throws(ReportError) in
            guard !state.stopped else { throw .stopped }
            if body() { state.placed = true }
        }
    }
}
