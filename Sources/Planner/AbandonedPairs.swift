/// The device/artifact pairs of ``PlanningInput/abandonedJobs``: their benchmark failed as often
/// as the registry retries it, so the planner neither counts them as pending (a device would wait
/// for them forever) nor asks for them again. Such a pair is simply not a candidate.
struct AbandonedPairs {
    private let pairs: Set<BenchmarkJob>

    init(_ input: PlanningInput) {
        pairs = Set(input.abandonedJobs)
    }

    /// Whether the benchmark of `artifactID` on `deviceID` was given up.
    func contains(deviceID: String, artifactID: String) -> Bool {
        !pairs.isEmpty && pairs.contains(BenchmarkJob(deviceID: deviceID, artifactID: artifactID))
    }
}
