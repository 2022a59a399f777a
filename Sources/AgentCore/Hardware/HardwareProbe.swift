import Foundation
import RegistryAPI

/// What this machine is, as an agent reports it at enrollment.
public enum HardwareProbe {
    /// Reads the CPU model and memory from `/proc`, the core count from the OS.
    public static func current(backend: String, threads: Int) -> HardwareReport {
        HardwareReport(
            cpuModel: cpuModel() ?? "unknown", cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryMb: Int(ProcessInfo.processInfo.physicalMemory / (1 << 20)), architecture: architecture,
            backend: backend, threads: threads)
    }

    /// `model name` from `/proc/cpuinfo`.
    static func cpuModel(cpuinfo: String? = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) -> String? {
        guard let cpuinfo else { return nil }
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("model name") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return model.isEmpty ? nil : model
        }
        return nil
    }

    static var architecture: String {
        #if arch(x86_64)
        "x86_64"
        #elseif arch(arm64)
        "arm64"
        #else
        "unknown"
        #endif
    }
}
