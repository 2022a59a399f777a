/// Everything the planner decides from.
public struct PlanningInput: Hashable, Codable, Sendable {
    /// The fleet; plans come out in this order.
    public var devices: [FleetDevice]
    /// The artifacts that may be deployed.
    public var artifacts: [ArtifactDescriptor]
    /// Benchmark results, at most one per device and artifact.
    public var measurements: [LatencyMeasurement]
    /// The rules for choosing.
    public var policy: PlanningPolicy
    /// Pairs whose benchmark failed for good (the registry gave up retrying): not awaited, not asked
    /// for again. See ``AbandonedPairs``.
    public var abandonedJobs: [BenchmarkJob]

    /// Creates a planning input.
    public init(
        devices: [FleetDevice],
        artifacts: [ArtifactDescriptor],
        measurements: [LatencyMeasurement] = [],
        policy: PlanningPolicy = PlanningPolicy(),
        abandonedJobs: [BenchmarkJob] = []
    ) {
        self.devices = devices
        self.artifacts = artifacts
        self.measurements = measurements
        self.policy = policy
        self.abandonedJobs = abandonedJobs
    }
}
