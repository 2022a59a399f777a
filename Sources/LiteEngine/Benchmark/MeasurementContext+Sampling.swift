import EffCore
import Foundation

extension MeasurementContext {
    /// What the machine says now; `loadAfter` is filled in by ``finished()``.
    public static func now() -> MeasurementContext {
        MeasurementContext(loadBefore: loadAverage(), cpuMhz: cpuMhz(), governor: governor(), temperatureC: temperature())
    }

    /// This context with the load average after the benchmark.
    public func finished() -> MeasurementContext {
        var context = self
        context.loadAfter = Self.loadAverage()
        return context
    }

    static func loadAverage() -> Double? {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.flatMap { Double($0) }
    }

    static func cpuMhz() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        let values = text.split(separator: "\n").filter { $0.hasPrefix("cpu MHz") }.compactMap { line in
            line.split(separator: ":").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    static func governor() -> String? {
        (try? String(contentsOfFile: "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func temperature() -> Double? {
        let root = "/sys/class/thermal"
        guard let zones = try? FileManager.default.contentsOfDirectory(atPath: root) else { return nil }
        let celsius = zones.filter { $0.hasPrefix("thermal_zone") }.compactMap { zone in
            (try? String(contentsOfFile: "\(root)/\(zone)/temp", encoding: .utf8)).flatMap {
                Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }.map { $0 / 1000 }
        return celsius.max()
    }
}
