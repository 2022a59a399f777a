import Foundation
import RegistryAPI

/// Benchmark jobs as table rows: device name, variant, precision, state, failed attempts, when a
/// failed job is offered again, last error.
public struct JobRows {
    public let devices: [String: DeviceView]

    public init(devices: [String: DeviceView]) {
        self.devices = devices
    }

    /// Longest error shown in a cell (the JSON output has it whole).
    public static let maximumErrorLength = 60

    public func table(_ jobs: [BenchmarkJobView]) -> Table {
        var table = Table(columns: [
            .init("device"), .init("variant"), .init("precision"), .init("state"), .init("attempts", .right), .init("retry after"),
            .init("last error"),
        ])
        for job in jobs {
            var error = job.error.map { $0.replacingOccurrences(of: "\n", with: " ") } ?? "-"
            if error.count > Self.maximumErrorLength { error = String(error.prefix(Self.maximumErrorLength - 1)) + "…" }
            table.append([
                devices[job.deviceId]?.name ?? job.deviceId, job.variant, job.precision, job.state, String(job.attempts ?? 0),
                job.retryAfter.map { TimeText.format($0) } ?? "-", error,
            ])
        }
        return table
    }
}
