import FleetModel
import GRDB

/// What a plan decided for one device, with the figures it decided from.
public struct PlanEntryRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "planEntry"

    public var planId: String
    /// Order of the device in the plan.
    public var position: Int
    public var deviceId: String
    public var deviceName: String
    public var latencyBudgetMs: Double
    public var memoryBudgetMb: Double?
    /// `assign`, `no-feasible-variant` or `awaiting-benchmarks`.
    public var decision: String
    public var artifactId: String?
    public var variant: String?
    public var precision: String?
    /// The backend the device serves the artifact with (or the fastest option's, when nothing fits).
    public var backend: String?
    public var latencyMs: Double?
    public var predicted: Bool?
    public var top1: Double?
    /// Where `top1` comes from (the artifact's `top1Source`).
    public var top1Source: String?
    public var peakRssMb: Double?
    public var currentArtifactId: String?
    public var changesCurrent: Bool
    public var reason: String
    /// Every candidate with its verdict, for plans made with explain.
    public var candidates: [PlanCandidate]?

    public init(
        planId: String, position: Int, deviceId: String, deviceName: String, latencyBudgetMs: Double, memoryBudgetMb: Double?,
        decision: String, artifactId: String?, variant: String?, precision: String?, backend: String?, latencyMs: Double?, predicted: Bool?,
        top1: Double?, top1Source: String? = nil, peakRssMb: Double?, currentArtifactId: String?, changesCurrent: Bool, reason: String
    ) {
        self.planId = planId
        self.position = position
        self.deviceId = deviceId
        self.deviceName = deviceName
        self.latencyBudgetMs = latencyBudgetMs
        self.memoryBudgetMb = memoryBudgetMb
        self.decision = decision
        self.artifactId = artifactId
        self.variant = variant
        self.precision = precision
        self.backend = backend
        self.latencyMs = latencyMs
        self.predicted = predicted
        self.top1 = top1
        self.top1Source = top1Source
        self.peakRssMb = peakRssMb
        self.currentArtifactId = currentArtifactId
        self.changesCurrent = changesCurrent
        self.reason = reason
    }
}
