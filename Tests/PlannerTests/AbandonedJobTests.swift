import EffCore
import Planner
import XCTest

/// A pair whose benchmark the registry gave up (`PlanningInput.abandonedJobs`) is neither awaited
/// nor asked for again: the device is planned from what else is known.
final class AbandonedJobTests: XCTestCase {
    private let artifacts = [
        Fixtures.artifact("accurate", .lite2, .fp32, top1: 78),
        Fixtures.artifact("fast", .lite0, .int8, top1: 74),
    ]

    private func plan(measured: [LatencyMeasurement], abandoned: [BenchmarkJob]) throws -> FleetPlan {
        try FleetPlanner.plan(
            PlanningInput(
                devices: [Fixtures.device("d", latencyBudgetMs: 10)], artifacts: artifacts, measurements: measured, abandonedJobs: abandoned
            ))
    }

    func testAnAbandonedPairIsNotAwaitedWhenNothingElseIsKnown() throws {
        let waiting = try plan(measured: [], abandoned: [BenchmarkJob(deviceID: "d", artifactID: "fast")])
        XCTAssertEqual(waiting.devicePlans[0].decision, .awaitingBenchmarks(pendingCount: 1), "the other pair is still awaited")
        XCTAssertEqual(waiting.benchmarkJobs, [BenchmarkJob(deviceID: "d", artifactID: "accurate")])

        let allAbandoned = [BenchmarkJob(deviceID: "d", artifactID: "accurate"), BenchmarkJob(deviceID: "d", artifactID: "fast")]
        let givenUp = try plan(measured: [], abandoned: allAbandoned)
        XCTAssertEqual(givenUp.devicePlans[0].decision, .noFeasibleVariant(cause: .noCandidates(excludedSyntheticCount: 0)))
        XCTAssertEqual(givenUp.benchmarkJobs, [], "a given-up pair is not asked for again")
    }

    func testAMeasuredCandidateIsChosenInsteadOfWaitingForAnAbandonedOne() throws {
        let measured = [Fixtures.measurement("d", "fast", p50: 10)]  // 10 ms × 1.1 does not fit 10 ms
        let waiting = try plan(measured: measured, abandoned: [])
        XCTAssertEqual(waiting.devicePlans[0].decision, .awaitingBenchmarks(pendingCount: 1))
        let decided = try plan(measured: measured, abandoned: [BenchmarkJob(deviceID: "d", artifactID: "accurate")])
        guard case .noFeasibleVariant(.latencyBudget(_, _, let fastest)) = decided.devicePlans[0].decision else {
            return XCTFail("\(decided.devicePlans[0].decision)")
        }
        XCTAssertEqual(fastest.artifactID, "fast", "the reason names what was measured, not a wait")
    }

    func testAnAbandonedPairOfAnotherDeviceChangesNothing() throws {
        let plan = try plan(measured: [], abandoned: [BenchmarkJob(deviceID: "other", artifactID: "accurate")])
        XCTAssertEqual(plan.benchmarkJobs.count, 2)
    }
}
