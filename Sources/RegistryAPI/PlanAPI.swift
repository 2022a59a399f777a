/// `POST /v1/plans`: plan a fleet. Missing fields take the fleet's percentile, 10 % headroom and
/// no synthetic artifacts.
public struct CreatePlanRequest: Codable, Hashable, Sendable {
    public var fleet: String
    public var percentile: LatencyPercentile?
    public var headroom: Double?
    public var allowSynthetic: Bool?
    /// List every candidate of every device with its figures and the reason it lost.
    public var explain: Bool?

    public init(
        fleet: String, percentile: LatencyPercentile? = nil, headroom: Double? = nil, allowSynthetic: Bool? = nil, explain: Bool? = nil
    ) {
        self.fleet = fleet
        self.percentile = percentile
        self.headroom = headroom
        self.allowSynthetic = allowSynthetic
        self.explain = explain
    }
}

/// A stored plan: what the planner chose for every device of a fleet, and why.
public struct PlanView: Codable, Hashable, Sendable {
    public var id: String
    public var fleet: String
    public var percentile: LatencyPercentile
    public var headroom: Double
    public var allowSynthetic: Bool
    /// Seconds since 1970.
    public var createdAt: Double
    public var entries: [PlanEntryView]
    /// Benchmark jobs the plan still needs.
    public var pendingJobs: Int

    public init(
        id: String, fleet: String, percentile: LatencyPercentile, headroom: Double, allowSynthetic: Bool, createdAt: Double,
        entries: [PlanEntryView],
        pendingJobs: Int
    ) {
        self.id = id
        self.fleet = fleet
        self.percentile = percentile
        self.headroom = headroom
        self.allowSynthetic = allowSynthetic
        self.createdAt = createdAt
        self.entries = entries
        self.pendingJobs = pendingJobs
    }
}

/// The plan for one device.
public struct PlanEntryView: Codable, Hashable, Sendable {
    /// What the planner decided for a device.
    public enum Decision: String, Codable, Hashable, Sendable {
        case assign
        case noFeasibleVariant = "no-feasible-variant"
        case awaitingBenchmarks = "awaiting-benchmarks"
    }

    public var deviceId: String
    public var device: String
    public var latencyBudgetMs: Double
    public var memoryBudgetMb: Double?
    public var decision: Decision
    /// The chosen artifact, with `assign`.
    public var artifactId: String?
    public var variant: String?
    public var precision: String?
    /// The engine backend the device serves the artifact with (with `assign`), or the fastest
    /// option's backend when nothing fits.
    public var backend: String?
    /// Latency at the plan's percentile: of the chosen artifact, or of the fastest one when nothing fits.
    public var latencyMs: Double?
    /// True when the latency is a hardware-class median, not this device's own measurement.
    public var predicted: Bool?
    public var top1: Double?
    /// Where `top1` comes from: `published-fp32`, `published-int8` (no agreement recorded) or
    /// `fp32-minus-disagreement` (see ``ArtifactView/top1Detail``).
    public var top1Source: String?
    public var peakRssMb: Double?
    /// The artifact the device runs now.
    public var currentArtifactId: String?
    public var changesCurrent: Bool
    public var reason: String
    /// Every candidate with its figures and verdict, for plans made with `explain`.
    public var candidates: [PlanCandidate]?

    public init(
        deviceId: String, device: String, latencyBudgetMs: Double, memoryBudgetMb: Double?, decision: Decision, artifactId: String?,
        variant: String?, precision: String?, backend: String? = nil, latencyMs: Double?, predicted: Bool?, top1: Double?,
        top1Source: String? = nil, peakRssMb: Double?, currentArtifactId: String?, changesCurrent: Bool, reason: String,
        candidates: [PlanCandidate]? = nil
    ) {
        self.deviceId = deviceId
        self.device = device
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
        self.candidates = candidates
    }
}
