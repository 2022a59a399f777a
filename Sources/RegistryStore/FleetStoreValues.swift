import FleetModel
import Foundation

// Memberwise initializers of the values ``FleetStore`` returns, so that a store in another module
// (PostgreSQL) builds the same values the SQLite store fetches.

extension LatestResult {
    public init(
        deviceId: String, artifactId: String, backend: String, p50Ms: Double, p90Ms: Double, p99Ms: Double, peakRssMb: Double,
        p50UpperMs: Double?, p90UpperMs: Double?, p99UpperMs: Double?, unstable: Bool, count: Int = 1
    ) {
        self.deviceId = deviceId
        self.artifactId = artifactId
        self.backend = backend
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
        self.peakRssMb = peakRssMb
        self.p50UpperMs = p50UpperMs
        self.p90UpperMs = p90UpperMs
        self.p99UpperMs = p99UpperMs
        self.unstable = unstable
        self.count = count
    }
}

extension PlanningDevice {
    public init(
        id: String, name: String, hardwareClass: String, latencyBudgetMs: Double?, memoryBudgetMb: Double?, currentArtifactId: String?,
        currentBackend: String?
    ) {
        self.id = id
        self.name = name
        self.hardwareClass = hardwareClass
        self.latencyBudgetMs = latencyBudgetMs
        self.memoryBudgetMb = memoryBudgetMb
        self.currentArtifactId = currentArtifactId
        self.currentBackend = currentBackend
    }
}
