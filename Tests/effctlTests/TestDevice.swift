import RegistryAPI
import RegistryClient

/// A device for the process tests: enrolled and reporting over HTTP as an agent would, without one.
struct TestDevice {
    let enrolled: EnrollResponse
    /// The registry as this device reaches it (its device token).
    let client: RegistryClient

    /// Enrolls `name` in `fleet` at the registry `url` with the fleet's enrollment token.
    static func enroll(
        _ name: String, fleet: String, registry url: String, enrollmentToken: String, threads: Int = 1
    ) async throws
        -> TestDevice
    {
        let hardware = HardwareReport(
            cpuModel: "Test CPU", cores: 4, memoryMb: 4096, architecture: "x86_64", backend: "xnnpack", threads: threads)
        let enrollment = try RegistryClient(baseURL: url, token: enrollmentToken)
        let enrolled = try await enrollment.enroll(EnrollRequest(name: name, fleet: fleet, hardware: hardware, engineVersion: "test"))
        return TestDevice(enrolled: enrolled, client: try RegistryClient(baseURL: url, token: enrolled.deviceToken))
    }

    /// A benchmark report of `artifactId`: about 8 ms, `p90Ms` at the 90th percentile.
    static func report(id: String, artifactId: String, threads: Int = 1, runs: Int = 20, p90Ms: Double = 8.4) -> BenchmarkReport {
        BenchmarkReport(
            id: id, artifactId: artifactId,
            figures: BenchmarkFigures(
                threads: threads, runs: runs, meanMs: 8, stdMs: 0.1, minMs: 7.5, p50Ms: 8, p90Ms: p90Ms, p99Ms: 9, maxMs: 9.5,
                initMs: 30, firstMs: 10, peakRssMb: 60, engineVersion: "test"))
    }
}
