import Foundation

/// Memory figures of the current process, from `/proc/self/status`.
public enum ProcessMemory {
    /// Peak resident set size (VmHWM) in MiB, or 0 where the kernel does not report it.
    public static func peakRssMb() -> Double {
        residentField("VmHWM:")
    }

    /// Current resident set size (VmRSS) in MiB.
    public static func residentMegabytes() -> Double {
        residentField("VmRSS:")
    }

    private static func residentField(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
            return kilobytes / 1024
        }
        return 0
    }
}
