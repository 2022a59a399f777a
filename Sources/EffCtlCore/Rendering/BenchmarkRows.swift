import RegistryAPI
import RegistryClient

/// Benchmark results as table rows: device name, variant, precision, backend, threads, latencies, peak RSS, time.
public struct BenchmarkRows {
    public let devices: [String: DeviceView]
    public let artifacts: [String: ArtifactView]

    public init(devices: [String: DeviceView], artifacts: [String: ArtifactView]) {
        self.devices = devices
        self.artifacts = artifacts
    }

    public func table(_ results: [BenchmarkReport]) -> Table {
        var table = Table(columns: [
            .init("device"), .init("variant"), .init("precision"), .init("backend"), .init("threads", .right), .init("p50 ms", .right),
            .init("p90 ms", .right), .init("p99 ms", .right), .init("peak RSS MB", .right), .init("time"),
        ])
        for report in results {
            let artifact = artifacts[report.artifactId]
            table.append([
                report.deviceId.map { devices[$0]?.name ?? $0 } ?? "-",
                artifact?.variant ?? String(report.artifactId.prefix(12)), artifact?.precision ?? "-", report.backend ?? "xnnpack",
                String(report.threads), NumberText.fixed(report.p50Ms), NumberText.fixed(report.p90Ms), NumberText.fixed(report.p99Ms),
                NumberText.fixed(report.peakRssMb, 1), TimeText.format(report.createdAt),
            ])
        }
        return table
    }
}
