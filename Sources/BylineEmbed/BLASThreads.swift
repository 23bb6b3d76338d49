import CBLAS

/// The number of threads OpenBLAS uses for matrix products, which dominate
/// embedding time. OpenBLAS defaults to one thread per core (or
/// `$OPENBLAS_NUM_THREADS`).
public enum BLASThreads {
    /// The current thread count.
    public static var count: Int {
        Int(openblas_get_num_threads())
    }

    /// Sets the thread count for subsequent products, process-wide.
    /// Values below 1 are treated as 1.
    public static func setCount(_ count: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, count)))
    }
}
