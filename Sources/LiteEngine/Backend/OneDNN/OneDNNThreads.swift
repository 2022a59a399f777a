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
/// which is before any Swift code runs, so the engine cannot change them per session. With neither
/// set, a worker that finishes a parallel region spins for a while and then sleeps on a futex; a
/// 1-thread session never wakes a worker. Measured here (2 vCPU AMD EPYC; a oneDNN int8 1×1
/// convolution driven from C): after 300 two-thread runs the process burnt 8.6–10 ms of CPU
/// in the following 200 ms of idling, i.e. the workers stop spinning about 10 ms after the last
/// run; a 1-thread measurement taken next in the same process had the same median as in a fresh
/// process, within this shared host's noise. The benchmark harness's warm-up runs (≥ 10 ms) cover
/// that window, so the engine keeps libgomp's defaults; `OMP_WAIT_POLICY=passive` in the
/// environment makes workers sleep at once, at some cost in 2-thread latency.
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
