import FleetModel
import Planner
import XCTest

/// The planner against a literal, slow reading of the rules, on fleets full of ties, gaps and
/// limits.
final class ReferencePlannerTests: XCTestCase {
    func testPlannerAgreesWithTheLiteralRulesOnVariedFleets() throws {
        var kinds: Set<String> = []
        for seed in 0..<12 {
            for percentile in LatencyPercentile.allCases {
                let input = Self.fleet(seed: seed, percentile: percentile)
                let plan = try FleetPlanner.plan(input)
                let expected = Self.referencePlan(input)
                XCTAssertEqual(plan.devicePlans.map(\.decision), expected.decisions, "seed \(seed), \(percentile)")
                XCTAssertEqual(plan.benchmarkJobs, expected.jobs, "seed \(seed), \(percentile)")
                kinds.formUnion(plan.devicePlans.map { Self.kind(of: $0.decision) })
            }
        }
        XCTAssertEqual(kinds, ["measured", "predicted", "awaiting", "latency", "memory"], "the fleets cover every outcome")
    }

    private static func kind(of decision: PlanDecision) -> String {
        switch decision {
        case .assign(let estimate): estimate.isPredicted ? "predicted" : "measured"
        case .awaitingBenchmarks: "awaiting"
        case .noFeasibleVariant(.latencyBudget): "latency"
        case .noFeasibleVariant(.memoryBudget): "memory"
        case .noFeasibleVariant(.noCandidates): "none"
        }
    }

    /// A fleet of 60 devices in 5 classes and 6 artifacts with few distinct figures (so ties are
    /// common), some memory budgets, and classes that never measured some artifacts.
    private static func fleet(seed: Int, percentile: LatencyPercentile) -> PlanningInput {
        func scramble(_ values: Int...) -> Int {
            values.reduce(seed &* 7_919 &+ 17) { ($0 &* 31 &+ $1 &* 104_729) % 1_000_003 }
        }
        let artifacts = (0..<6).map { number in
            Fixtures.artifact(
                "artifact-\(scramble(number) % 1_000)-\(number)",
                top1: Double(70 + scramble(number, 1) % 4),
                synthetic: number == 5
            )
        }
        let devices = (0..<60).map { number in
            Fixtures.device(
                "device-\(number)",
                hardwareClass: "class-\(scramble(number, 2) % 5)",
                latencyBudgetMs: Double(scramble(number, 3) % 12),
                memoryMb: scramble(number, 4).isMultiple(of: 3) ? Double(scramble(number, 5) % 4) * 50 : nil,
                current: scramble(number, 6).isMultiple(of: 2) ? artifacts[scramble(number, 7) % 6].id : nil
            )
        }
        let measurements = devices.indices.flatMap { device in
            artifacts.indices.compactMap { artifact -> LatencyMeasurement? in
                guard scramble(device, artifact, 8) % 5 < 2, scramble(device % 5, artifact, 9) % 7 != 0 else {
                    return nil
                }
                let p50 = Double(scramble(device, artifact, 10) % 6) + 1
                return Fixtures.measurement(
                    devices[device].id,
                    artifacts[artifact].id,
                    p50: p50,
                    p90: p50 + Double(scramble(device, artifact, 11) % 3),
                    p99: p50 + Double(scramble(device, artifact, 12) % 5),
                    rssMB: Double(scramble(device, artifact, 13) % 4) * 40 + 20
                )
            }
        }
        return PlanningInput(
            devices: devices,
            artifacts: artifacts,
            measurements: measurements,
            policy: PlanningPolicy(percentile: percentile, headroom: Double(seed % 3) * 0.1)
        )
    }

    private struct Option {
        var artifact: ArtifactDescriptor
        var latencyMs: Double
        var peakRssMb: Double
        var isPredicted: Bool

        func estimate(_ percentile: LatencyPercentile) -> ArtifactEstimate {
            ArtifactEstimate(
                artifactID: self.artifact.id,
                variant: self.artifact.variant,
                precision: self.artifact.precision,
                top1: self.artifact.top1,
                latencyMs: self.latencyMs,
                percentile: percentile,
                peakRssMb: self.peakRssMb,
                isPredicted: self.isPredicted
            )
        }
    }

    private static func referencePlan(_ input: PlanningInput) -> (decisions: [PlanDecision], jobs: [BenchmarkJob]) {
        let policy = input.policy
        let classOf = Dictionary(uniqueKeysWithValues: input.devices.map { ($0.id, $0.hardwareClass) })
        func latency(_ measurement: LatencyMeasurement) -> Double {
            measurement.latencyMs(at: policy.percentile)
        }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
        }
        var decisions: [PlanDecision] = []
        var jobs: [BenchmarkJob] = []
        for device in input.devices {
            var options: [Option] = []
            var pending = 0
            for artifact in input.artifacts where !artifact.isSynthetic || policy.allowSynthetic {
                let own = input.measurements.first { $0.deviceID == device.id && $0.artifactID == artifact.id }
                let classmates = input.measurements.filter {
                    $0.artifactID == artifact.id && classOf[$0.deviceID] == device.hardwareClass
                }
                if let own {
                    options.append(Option(artifact: artifact, latencyMs: latency(own), peakRssMb: own.peakRssMb, isPredicted: false))
                } else if classmates.count >= 2 {
                    let latencyMs = median(classmates.map(latency))
                    let peakRssMb = median(classmates.map(\.peakRssMb))
                    options.append(Option(artifact: artifact, latencyMs: latencyMs, peakRssMb: peakRssMb, isPredicted: true))
                } else {
                    pending += 1
                    jobs.append(BenchmarkJob(deviceID: device.id, artifactID: artifact.id))
                }
            }
            let withinMemory = options.filter { $0.peakRssMb <= (device.memoryBudgetMb ?? .infinity) }
            let fitting = withinMemory.filter { $0.latencyMs * (1 + policy.headroom) <= device.latencyBudgetMs }
            let fastestFirst = withinMemory.sorted { ($0.latencyMs, $0.artifact.id) < ($1.latencyMs, $1.artifact.id) }
            let best = fitting.sorted {
                ($1.artifact.top1, $0.latencyMs, $0.artifact.id) < ($0.artifact.top1, $1.latencyMs, $1.artifact.id)
            }.first
            if let best {
                decisions.append(.assign(estimate: best.estimate(policy.percentile)))
            } else if pending > 0 {
                decisions.append(.awaitingBenchmarks(pendingCount: pending))
            } else if let memoryBudgetMb = device.memoryBudgetMb,
                let blocked = options.filter({
                    $0.peakRssMb > memoryBudgetMb && $0.latencyMs * (1 + policy.headroom) <= device.latencyBudgetMs
                }).min(by: { ($0.peakRssMb, $0.latencyMs, $0.artifact.id) < ($1.peakRssMb, $1.latencyMs, $1.artifact.id) })
            {
                // Memory, not latency, is what excludes a candidate that would be fast enough.
                decisions.append(
                    .noFeasibleVariant(cause: .memoryBudget(budgetMB: memoryBudgetMb, smallest: blocked.estimate(policy.percentile))))
            } else if let fastest = fastestFirst.first {
                let cause = Infeasibility.latencyBudget(
                    latencyBudgetMs: device.latencyBudgetMs,
                    headroom: policy.headroom,
                    fastest: fastest.estimate(policy.percentile)
                )
                decisions.append(.noFeasibleVariant(cause: cause))
            } else if let smallest = options.min(by: {
                ($0.peakRssMb, $0.latencyMs, $0.artifact.id) < ($1.peakRssMb, $1.latencyMs, $1.artifact.id)
            }), let memoryBudgetMb = device.memoryBudgetMb {
                let cause = Infeasibility.memoryBudget(budgetMB: memoryBudgetMb, smallest: smallest.estimate(policy.percentile))
                decisions.append(.noFeasibleVariant(cause: cause))
            } else {
                let excluded = input.artifacts.filter { $0.isSynthetic && !policy.allowSynthetic }.count
                decisions.append(.noFeasibleVariant(cause: .noCandidates(excludedSyntheticCount: excluded)))
            }
        }
        return (decisions, jobs)
    }
}
