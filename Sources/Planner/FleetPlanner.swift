import FleetModel

/// Chooses an artifact for every device of a fleet.
///
/// For each device the planner considers every artifact the policy allows (synthetic ones only
/// with ``PlanningPolicy/allowSynthetic``) with every backend measured for it: the device's own
/// measurements or, when the device measured the artifact with no backend, the medians over the
/// devices of its hardware class that measured it (marked predicted). A candidate is an
/// (artifact, backend) pair, so an artifact fits when its best backend does, and the plan says
/// which backend the device serves it with.
/// Pairs with neither become ``BenchmarkJob``s, except pairs whose benchmark was given up
/// (``PlanningInput/abandonedJobs``), which are left out. An artifact fits when the upper bound of
/// its latency interval at the policy's percentile times `1 + headroom` is within the device's
/// latency budget and its peak memory is within the device's memory budget, if any. Unstable
/// results are never selected on alone; a budget inside the interval of a pair measured fewer than
/// `MeasurementRules.pooledResults` times asks for another measurement (a ``BenchmarkJob`` with
/// reason `budgetInsideInterval`) instead of guessing, and is then decided on the medians of those
/// results (the stores pool them). Of those that fit, the highest top-1 wins; between equal top-1, a candidate faster
/// beyond its interval wins, else the device's current choice stays, else the lower artifact id
/// and backend name win (stable under re-measurement).
///
/// When nothing fits, the device is ``PlanDecision/awaitingBenchmarks(pendingCount:)`` if some
/// candidates are still unmeasured, and ``PlanDecision/noFeasibleVariant(cause:)`` otherwise.
///
/// Planning is deterministic and runs in time linear in devices × artifacts plus measurements.
public enum FleetPlanner {
    /// Plans `input`.
    ///
    /// - Throws: ``PlanningError`` for an invalid policy, budget, accuracy or measurement, a
    ///   duplicate id or measurement, a measurement that names an unknown device or artifact, or an
    ///   input beyond `Int32.max` items. Nothing is skipped silently.
    public static func plan(_ input: PlanningInput) throws(PlanningError) -> FleetPlan {
        let index = try PlanningIndex(input)
        let medians = HardwareClassMedians(input, index: index)
        let abandoned = AbandonedPairs(input)
        // Per artifact, whether the current device measured it: valid where `measuredOn` is that device.
        var measuredOn = [Int](repeating: -1, count: input.artifacts.count)
        var devicePlans: [DevicePlan] = []
        devicePlans.reserveCapacity(input.devices.count)
        var benchmarkJobs: [BenchmarkJob] = []

        for position in input.devices.indices {
            let device = input.devices[position]
            var selection = CandidateSelection(
                device: device, artifacts: input.artifacts, backends: index.backends, headroom: input.policy.headroom,
                explain: input.policy.explain)
            var remeasured = Set<Int>()
            for measurement in index.measurementsByDevice[position] {
                let artifact = Int(index.measurementArtifacts[Int(measurement)])
                guard index.isEligible[artifact] else { continue }
                measuredOn[artifact] = position
                let result = input.measurements[Int(measurement)]
                let candidate = Candidate(
                    artifact: artifact, backend: Int(index.measurementBackends[Int(measurement)]),
                    figures: result.figures(at: input.policy.percentile), isPredicted: false)
                if result.isUnstable {
                    selection.considerUnstable(candidate)
                } else if selection.isUndecided(candidate.figures) && result.resultCount < MeasurementRules.pooledResults {
                    if remeasured.insert(artifact).inserted {
                        benchmarkJobs.append(
                            BenchmarkJob(deviceID: device.id, artifactID: result.artifactID, reason: .budgetInsideInterval))
                    }
                    selection.considerPending(artifact: artifact)
                } else {
                    selection.consider(candidate)
                }
            }
            let hardwareClass = Int(index.deviceClasses[position])
            for artifact in index.eligibleArtifacts where measuredOn[artifact] != position {
                if medians.hasMedian(hardwareClass: hardwareClass, artifact: artifact) {
                    for backend in index.backends.indices {
                        guard let figures = medians[hardwareClass, artifact, backend] else { continue }
                        selection.consider(Candidate(artifact: artifact, backend: backend, figures: figures, isPredicted: true))
                    }
                } else if !abandoned.contains(deviceID: input.devices[position].id, artifactID: input.artifacts[artifact].id) {
                    selection.considerPending(artifact: artifact)
                    benchmarkJobs.append(
                        BenchmarkJob(deviceID: input.devices[position].id, artifactID: input.artifacts[artifact].id)
                    )
                }
            }
            let decision = selection.decision(percentile: input.policy.percentile, excludedSyntheticCount: index.excludedSyntheticCount)
            var plan = DevicePlan(device: device, decision: decision)
            plan.candidates = selection.explanations()
            devicePlans.append(plan)
        }
        return FleetPlan(policy: input.policy, devicePlans: devicePlans, benchmarkJobs: benchmarkJobs)
    }
}
