import Foundation
import RegistryAPI
import RegistryStore

extension DeviceRecord {
    var view: DeviceView {
        DeviceView(
            id: id, name: name, fleet: fleetName, hardwareClass: hardwareClass,
            hardware: hardware,
            engineVersion: engineVersion, latencyBudgetMs: latencyBudgetMs, memoryBudgetMB: memoryBudgetMB,
            lastSeen: lastSeenAt?.timeIntervalSince1970)
    }
}

extension ArtifactRecord {
    var view: ArtifactView {
        ArtifactView(id: id, variant: variant, precision: precision, sizeBytes: sizeBytes, origin: origin, synthetic: isSynthetic, publishedTop1: publishedTop1)
    }
}

extension BenchmarkResultRecord {
    var report: BenchmarkReport {
        BenchmarkReport(
            id: id, artifactId: artifactId, threads: threads, runs: runs, meanMs: meanMs, stdMs: stdMs, minMs: minMs,
            p50Ms: p50Ms, p90Ms: p90Ms, p99Ms: p99Ms, maxMs: maxMs, initMs: initMs, firstMs: firstMs,
            peakRSSMB: peakRSSMB, engineVersion: engineVersion, deviceId: deviceId)
    }

    init(report: BenchmarkReport, deviceId: String) {
        self.init(
            id: report.id, deviceId: deviceId, artifactId: report.artifactId, threads: report.threads, runs: report.runs,
            meanMs: report.meanMs, stdMs: report.stdMs, minMs: report.minMs, p50Ms: report.p50Ms, p90Ms: report.p90Ms,
            p99Ms: report.p99Ms, maxMs: report.maxMs, initMs: report.initMs, firstMs: report.firstMs,
            peakRSSMB: report.peakRSSMB, engineVersion: report.engineVersion)
    }
}
