import CBylineSystem

/// The free memory inside malloc's arenas, given back to the system between the analyses of a
/// long-running process (``PullService``).
///
/// Each analysis allocates and frees buffers whose sizes follow the history (the clusterer's
/// per-story arrays and their copies, the saved state's header, the rows it reads), on the
/// analysis thread and on the threads its reads run on; glibc keeps a thread's freed pages in
/// that thread's arena, and gives back only the top of the main heap by itself. Those pages
/// then stay resident and add up with the analyses. Releasing them (`malloc_trim(0)`) after an
/// analysis leaves resident the memory in use and the free pages it cannot give back (those
/// shared with blocks in use); figures in docs/benchmarks.md.
enum FreeMemory {
    /// Gives the whole free pages inside every malloc arena back to the system (glibc; nothing
    /// elsewhere). Returns whether some memory was given back.
    @discardableResult
    static func release() -> Bool {
        byline_release_free_memory() == 1
    }
}
