import Foundation

/// Figures of this process from the kernel (Linux).
enum ProcessStatus {
    /// Peak resident set size (VmHWM) in MiB, or `nil` where the kernel does not report it.
    static var peakResidentMiB: Double? {
        statusField("VmHWM:")
    }

    /// Current resident set size (VmRSS) in MiB, or `nil` where the kernel does not report it.
    static var residentMiB: Double? {
        statusField("VmRSS:")
    }

    /// CPU time this process has used, in seconds: unlike wall time, unaffected by other
    /// processes competing for the cores.
    static var cpuSeconds: Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func statusField(_ name: String) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            return nil
        }
        let line = status.split(separator: "\n").first { $0.hasPrefix(name) }
        let kilobytes = line?.split(separator: " ").dropFirst().first.flatMap { Double($0) }
        return kilobytes.map { $0 / 1024 }
    }
}
