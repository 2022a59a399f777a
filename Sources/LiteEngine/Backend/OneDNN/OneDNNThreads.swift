#if canImport(Glibc)
import Glibc
#endif

/// The OpenMP thread count oneDNN runs with.
///
/// Debian's oneDNN is built with OpenMP (libgomp): a parallel region uses the calling thread's
/// `nthreads-var`, which `omp_set_num_threads` sets. That value is per calling thread and sessions
/// with different thread counts can share a process (the agent benchmarks at several), so every
/// session sets its count before it creates its primitives (oneDNN partitions work for the thread
/// count it sees then) and again before every inference.
///
/// Idle workers: libgomp reads `OMP_WAIT_POLICY` and `GOMP_SPINCOUNT` once, when it is loaded,
/// which is before any Swift code runs, so the engine cannot change them. With neither set, a
/// worker that finishes a parallel region spins for libgomp's default 300 000 iterations
/// (about a millisecond here) and then sleeps on a futex; a 1-thread session never wakes a worker.
/// Measured on this machine (2 vCPU): a 1-thread run right after a 2-thread session in the same
/// process took the same time as in a fresh process once its warm-up had run, so the engine keeps
/// libgomp's defaults. `OMP_WAIT_POLICY=passive` in the environment makes workers sleep at once,
/// at some cost in 2-thread latency.
enum OneDNNThreads {
    private typealias SetNumThreads = @convention(c) (Int32) -> Void

    /// libgomp's `omp_set_num_threads`, found at run time: libdnnl loads libgomp, but linking it
    /// directly would need its development symlink, which Debian keeps in GCC's private directory.
    private static let setNumThreads: SetNumThreads? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "omp_set_num_threads") else { return nil }
        return unsafeBitCast(symbol, to: SetNumThreads.self)
    }()

    /// Whether the thread count can be set (false only if libdnnl was built without OpenMP).
    static var isControllable: Bool { setNumThreads != nil }

    /// Makes the calling thread's next oneDNN primitives and executions use `threads` threads.
    static func use(_ threads: Int) {
        setNumThreads?(Int32(clamping: threads))
    }
}
