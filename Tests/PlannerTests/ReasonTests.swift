import EffCore
import FleetModel
import Planner
import XCTest

/// The human-readable reasons.
final class ReasonTests: XCTestCase {
    /// The plan of device `d`, which measured `x` (lite0 int8 on xnnpack, 74%) and `y` (lite2 fp32 on xnnpack, 78%).
    private func plan(
        latencyBudgetMs: Double,
        memoryMb: Double? = nil,
        x: (p90: Double, rssMB: Double),
        y: (p90: Double, rssMB: Double)
    ) throws -> DevicePlan {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: latencyBudgetMs, memoryMb: memoryMb)],
            artifacts: [Fixtures.artifact("x", .lite0, .int8, top1: 74), Fixtures.artifact("y", .lite2, .fp32, top1: 78)],
            measurements: [
                Fixtures.measurement("d", "x", p50: 1, p90: x.p90, rssMB: x.rssMB),
                Fixtures.measurement("d", "y", p50: 1, p90: y.p90, rssMB: y.rssMB),
            ]
        )
        return try XCTUnwrap(plan.devicePlans.first)
    }

    func testNoFeasibleReasonNamesTheFastestOptionAndItsLatency() throws {
        let plan = try self.plan(latencyBudgetMs: 4, x: (8.7, 100), y: (20, 100))
        XCTAssertEqual(plan.reason, "no artifact fits 4.0 ms at p90 with 10% headroom; fastest is lite0 int8 on xnnpack at 8.70 ms")
    }

    func testNoFeasibleReasonMarksAPredictedFastestOption() throws {
        let plan = try Fixtures.plan(
            devices: [
                Fixtures.device("m", latencyBudgetMs: 100), Fixtures.device("m2", latencyBudgetMs: 100),
                Fixtures.device("d", latencyBudgetMs: 2),
            ],
            artifacts: [Fixtures.artifact("x", .lite1, .int8, top1: 74)],
            measurements: [Fixtures.measurement("m", "x", p50: 3.456), Fixtures.measurement("m2", "x", p50: 3.456)],
            policy: PlanningPolicy(percentile: .p50, headroom: 0.125)
        )
        XCTAssertEqual(
            plan.devicePlans[2].reason,
            "no artifact fits 2.0 ms at p50 with 12.5% headroom; fastest is lite1 int8 on xnnpack at 3.46 ms (predicted)"
        )
    }

    func testReasonSaysWhenTheMemoryBudgetExcludesEverything() throws {
        let plan = try self.plan(latencyBudgetMs: 100, memoryMb: 64, x: (2, 80), y: (5, 250))
        guard case .noFeasibleVariant(.memoryBudget(64, let smallest)) = plan.decision else {
            return XCTFail("expected a memory infeasibility, got \(plan.decision)")
        }
        XCTAssertEqual(smallest.artifactID, "x")
        XCTAssertEqual(plan.reason, "no artifact fits the 64.0 MB memory budget; smallest is lite0 int8 on xnnpack at 80.0 MB")
    }

    func testWhenMemoryExcludesSomeTheFastestNamedIsOneThatFitsMemory() throws {
        let plan = try self.plan(latencyBudgetMs: 1, memoryMb: 100, x: (2, 200), y: (5, 90))
        XCTAssertEqual(plan.reason, "no artifact fits 1.0 ms at p90 with 10% headroom; fastest is lite2 fp32 on xnnpack at 5.00 ms")
    }

    func testAssignmentReasonGivesAccuracyLatencyAndSource() throws {
        let plan = try Fixtures.plan(
            devices: [
                Fixtures.device("d", latencyBudgetMs: 10), Fixtures.device("d2", latencyBudgetMs: 10),
                Fixtures.device("e", latencyBudgetMs: 10),
            ],
            artifacts: [Fixtures.artifact("x", .lite2, .int8, top1: 75.2)],
            measurements: [Fixtures.measurement("d", "x", p50: 2, p90: 3.1), Fixtures.measurement("d2", "x", p50: 2, p90: 3.1)]
        )
        XCTAssertEqual(plan.devicePlans[0].reason, "most accurate fit: lite2 int8 on xnnpack, 75.20% top-1, 3.10 ms at p90 (measured)")
        XCTAssertEqual(
            plan.devicePlans[2].reason,
            "most accurate fit: lite2 int8 on xnnpack, 75.20% top-1, 3.10 ms at p90 (predicted from hardware-class median)"
        )
    }

    func testAwaitingReasonCountsPendingCandidates() {
        XCTAssertEqual(
            PlanDecision.awaitingBenchmarks(pendingCount: 3).reason,
            "nothing measured or predicted fits yet; 3 candidates await their benchmarks"
        )
    }

    func testNoCandidatesReasonMentionsExcludedSynthetics() {
        XCTAssertEqual(Infeasibility.noCandidates(excludedSyntheticCount: 0).reason, "no artifact to choose from")
        XCTAssertEqual(
            Infeasibility.noCandidates(excludedSyntheticCount: 2).reason,
            "no artifact to choose from; 2 synthetic excluded by policy"
        )
    }
}
