/// Chooses an artifact for every device of a fleet.
///
/// For each device the planner considers every artifact the policy allows (synthetic ones only
/// with ``PlanningPolicy/allowSynthetic``), with the device's own measurement or, failing that, the
/// median over the devices of its hardware class that measured the artifact (marked predicted).
/// Pairs with neither become ``BenchmarkJob``s. An artifact fits when its latency at the policy's
/// percentile times `1 + headroom` is within the device's latency budget and its peak memory is
/// within the device's memory budget, if any. Of those that fit, the highest top-1 wins; ties go to
/// the lower latency, then to the lower artifact id.
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
        // Per artifact, the measurement on the current device; valid where `measuredOn` is that device.
        var measurementOf = [Int](repeating: 0, count: input.artifacts.count)
        var measuredOn = [Int](repeating: -1, count: input.artifacts.count)
        var devicePlans: [DevicePlan] = []
        devicePlans.reserveCapacity(input.devices.count)
        var benchmarkJobs: [BenchmarkJob] = []

        for position in input.devices.indices {
            for measurement in index.measurementsByDevice[position] {
                let artifact = Int(index.measurementArtifacts[Int(measurement)])
                measurementOf[artifact] = Int(measurement)
                measuredOn[artifact] = position
            }
            let hardwareClass = Int(index.deviceClasses[position])
            var selection = CandidateSelection(device: input.devices[position], headroom: input.policy.headroom)
            for artifact in index.eligibleArtifacts {
                if measuredOn[artifact] == position {
                    let figures = input.measurements[measurementOf[artifact]].figures(at: input.policy.percentile)
                    selection.consider(
                        Candidate(artifact: artifact, figures: figures, isPredicted: false),
                        among: input.artifacts
                    )
                } else if let figures = medians[hardwareClass, artifact] {
                    selection.consider(
                        Candidate(artifact: artifact, figures: figures, isPredicted: true),
                        among: input.artifacts
                    )
                } else {
                    selection.considerPending()
                    benchmarkJobs.append(
                        BenchmarkJob(deviceID: input.devices[position].id, artifactID: input.artifacts[artifact].id)
                    )
                }
            }
            let decision = selection.decision(
                among: input.artifacts,
                percentile: input.policy.percentile,
                excludedSyntheticCount: index.excludedSyntheticCount
            )
            devicePlans.append(DevicePlan(device: input.devices[position], decision: decision))
        }
        return FleetPlan(policy: input.policy, devicePlans: devicePlans, benchmarkJobs: benchmarkJobs)
    }
}
