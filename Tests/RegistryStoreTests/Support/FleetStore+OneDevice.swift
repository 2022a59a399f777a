import FleetModel
import RegistryStore
import XCTest

extension FleetStore {
    /// Fleet `demo` (synthetic artifacts allowed), device `d1` named `cam-1` with a 10 ms budget, and
    /// one synthetic Lite0 FP32 artifact `artifactID`; returns the pair's pending job, which
    /// enrollment created.
    func seedOneDevice(artifactID: String) async throws -> BenchmarkJobRecord {
        let hardware = HardwareReport(
            cpuModel: "AMD EPYC", cores: 2, memoryMb: 24_000, architecture: "x86_64", backend: "xnnpack", threads: 1)
        try await createFleet(
            FleetRecord(name: "demo", enrollmentTokenHash: "e", latencyBudgetMs: 20, percentile: .p90, allowSynthetic: true))
        try await addArtifact(
            ArtifactRecord(
                id: artifactID, variant: "lite0", precision: "fp32", sizeBytes: 10, origin: "synthetic:1", isSynthetic: true,
                publishedTop1: 75.1))
        _ = try await enroll(
            DeviceRecord(
                id: "d1", name: "cam-1", fleetName: "demo", tokenHash: "t1", hardware: hardware, engineVersion: "0.1.0",
                latencyBudgetMs: 10, memoryBudgetMb: nil),
            credential: .enrollmentToken)
        let jobs = try await jobs(deviceId: "d1")
        return try XCTUnwrap(jobs.first).job
    }
}
