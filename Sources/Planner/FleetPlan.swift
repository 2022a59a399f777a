/// The planner's output for a whole fleet.
public struct FleetPlan: Hashable, Codable, Sendable {
    /// The policy the plan was made under.
    public var policy: PlanningPolicy
    /// One plan per device, in the input's device order.
    public var devicePlans: [DevicePlan]
    /// Pairs to benchmark, in device order and, within a device, in the input's artifact order.
    public var benchmarkJobs: [BenchmarkJob]
    /// Counts over ``devicePlans`` and ``benchmarkJobs``.
    public var summary: PlanSummary

    /// Creates a plan and counts its summary.
    public init(policy: PlanningPolicy, devicePlans: [DevicePlan], benchmarkJobs: [BenchmarkJob]) {
        self.policy = policy
        self.devicePlans = devicePlans
        self.benchmarkJobs = benchmarkJobs
        self.summary = PlanSummary(devicePlans: devicePlans, benchmarkJobCount: benchmarkJobs.count)
    }
}
