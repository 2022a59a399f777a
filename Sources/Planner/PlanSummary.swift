/// Counts over a ``FleetPlan``.
public struct PlanSummary: Hashable, Codable, Sendable {
    /// Devices planned.
    public var deviceCount: Int
    /// Devices assigned an artifact.
    public var assignedCount: Int
    /// Assignments made on hardware-class medians rather than the device's own measurement.
    public var predictedCount: Int
    /// Devices whose plan replaces their current artifact.
    public var changedCount: Int
    /// Devices where nothing fits.
    public var noFeasibleCount: Int
    /// Devices waiting for benchmarks before anything can be chosen.
    public var awaitingBenchmarksCount: Int
    /// Benchmark jobs to schedule across the fleet.
    public var benchmarkJobCount: Int

    /// Counts `devicePlans` and `benchmarkJobCount`.
    public init(devicePlans: [DevicePlan], benchmarkJobCount: Int) {
        self.deviceCount = devicePlans.count
        self.assignedCount = 0
        self.predictedCount = 0
        self.changedCount = 0
        self.noFeasibleCount = 0
        self.awaitingBenchmarksCount = 0
        self.benchmarkJobCount = benchmarkJobCount
        for plan in devicePlans {
            switch plan.decision {
            case .assign(let estimate):
                self.assignedCount += 1
                self.predictedCount += estimate.isPredicted ? 1 : 0
            case .noFeasibleVariant:
                self.noFeasibleCount += 1
            case .awaitingBenchmarks:
                self.awaitingBenchmarksCount += 1
            }
            self.changedCount += plan.changesCurrent ? 1 : 0
        }
    }
}
