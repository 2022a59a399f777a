/// What the planner decided for one device.
public enum PlanDecision: Hashable, Codable, Sendable {
    /// Deploy this artifact: the most accurate one that fits.
    case assign(estimate: ArtifactEstimate)
    /// Nothing fits, and nothing is left to measure.
    case noFeasibleVariant(cause: Infeasibility)
    /// Nothing known fits, but `pendingCount` candidates are not yet measured on this device or its
    /// hardware class; their benchmark jobs are in ``FleetPlan/benchmarkJobs``.
    case awaitingBenchmarks(pendingCount: Int)
}
