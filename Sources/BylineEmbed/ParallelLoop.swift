import Dispatch

/// Splits element-wise and per-sequence work of the encoder across threads.
///
/// Callers pass closures that touch disjoint parts of shared scratch buffers
/// (different rows, or different (sequence, head) pairs), which is why the
/// closures need not be `Sendable`.
enum ParallelLoop {
    /// Calls `body(worker)` for every worker in `0..<workers`, concurrently
    /// when `workers > 1`, and returns when all calls have returned.
    static func run(workers: Int, _ body: (Int) -> Void) {
        if workers <= 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let shared = SharedBody(body: escapable)
            DispatchQueue.concurrentPerform(iterations: workers) { shared.body($0) }
        }
    }

    /// Splits `0..<count` into at most `workers` contiguous ranges of at least
    /// `minimumChunk` elements (except possibly the last) and calls `body` on
    /// each, concurrently.
    static func forEachRange(count: Int, workers: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = max(1, min(workers, count / max(1, minimumChunk)))
        if chunks == 1 {
            body(0..<count)
            return
        }
        let size = (count + chunks - 1) / chunks
        run(workers: chunks) { chunk in
            let start = chunk * size
            let end = min(count, start + size)
            if start < end { body(start..<end) }
        }
    }

    /// A closure that is only ever called while `run` waits for it, on
    /// disjoint data.
    private struct SharedBody: @unchecked Sendable {
        let body: (Int) -> Void
    }
}
