#if canImport(Glibc)
import Glibc
#endif

/// Gives freed heap memory back to the system after a large request. Planning a fleet of 100,000
/// devices allocates a few hundred MB of short-lived records and JSON; glibc keeps freed memory in
/// its arenas, so without this an idle registry stays at its peak resident size.
enum MemoryRelease {
    /// Trims the heap a moment from now, once the request's memory (and its answer) is freed.
    static func soon(after delay: Duration = .seconds(2)) {
        #if canImport(Glibc)
        Task.detached(priority: .background) {
            try? await Task.sleep(for: delay)
            trim()
        }
        #endif
    }

    #if canImport(Glibc)
    /// glibc's `malloc_trim(0)`, looked up at run time (`<malloc.h>` is not part of the Glibc module).
    private static func trim() {
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }
    #endif
}
