import EffCore
import Planner
import XCTest

/// Synthetic artifacts, changes to the current artifact, and fleets at the edges.
final class PolicyAndFleetTests: XCTestCase {
    private let artifacts = [
        Fixtures.artifact("real", .lite0, .int8, top1: 74),
        Fixtures.artifact("synthetic", .lite4, .fp32, top1: 99, synthetic: true),
    ]
    private let measurements = [
        Fixtures.measurement("d", "real", p50: 2),
        Fixtures.measurement("d", "synthetic", p50: 3),
    ]

    func testSyntheticArtifactsAreNeverPlannedByDefault() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 100)],
            artifacts: self.artifacts,
            measurements: self.measurements
        )
        XCTAssertEqual(plan.devicePlans[0].assignment?.artifactID, "real")
    }

    func testAllowSyntheticLetsThemCompete() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 100)],
            artifacts: self.artifacts,
            measurements: self.measurements,
            policy: PlanningPolicy(allowSynthetic: true)
        )
        XCTAssertEqual(plan.devicePlans[0].assignment?.artifactID, "synthetic")
    }

    func testExcludedSyntheticArtifactsGetNoBenchmarkJobs() throws {
        let plan = try Fixtures.plan(devices: [Fixtures.device("d", latencyBudgetMs: 100)], artifacts: self.artifacts)
        XCTAssertEqual(plan.benchmarkJobs, [BenchmarkJob(deviceID: "d", artifactID: "real")])
    }

    func testOnlySyntheticArtifactsLeaveNoCandidates() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 100)],
            artifacts: [self.artifacts[1]],
            measurements: [self.measurements[1]]
        )
        XCTAssertEqual(plan.devicePlans[0].decision, .noFeasibleVariant(cause: .noCandidates(excludedSyntheticCount: 1)))
        XCTAssertTrue(plan.benchmarkJobs.isEmpty)
    }

    func testChangesCurrentOnlyWhenAssigningAnotherArtifact() throws {
        let devices = [
            Fixtures.device("d", latencyBudgetMs: 100, current: "real"),
            Fixtures.device("e", latencyBudgetMs: 100, current: "old"),
            Fixtures.device("f", latencyBudgetMs: 100),
            Fixtures.device("g", hardwareClass: "slow", latencyBudgetMs: 1, current: "old"),
            Fixtures.device("twin", latencyBudgetMs: 100, current: "real"),
        ]
        let measurements = self.measurements + [Fixtures.measurement("g", "real", p50: 50), Fixtures.measurement("twin", "real", p50: 2)]
        let plan = try Fixtures.plan(devices: devices, artifacts: self.artifacts, measurements: measurements)
        XCTAssertEqual(plan.devicePlans.map(\.changesCurrent), [false, true, true, false, false])
        XCTAssertEqual(plan.summary.changedCount, 2)
    }

    func testEmptyFleetGivesAnEmptyPlan() throws {
        let plan = try Fixtures.plan(devices: [], artifacts: self.artifacts, measurements: [])
        XCTAssertTrue(plan.devicePlans.isEmpty)
        XCTAssertTrue(plan.benchmarkJobs.isEmpty)
        XCTAssertEqual(plan.summary, PlanSummary(devicePlans: [], benchmarkJobCount: 0))
        XCTAssertEqual(plan.summary.deviceCount, 0)
    }

    func testDeviceWithNoArtifactsAtAllHasNoCandidates() throws {
        let plan = try Fixtures.plan(devices: [Fixtures.device("d", latencyBudgetMs: 10)], artifacts: [])
        XCTAssertEqual(plan.devicePlans.count, 1)
        XCTAssertEqual(plan.devicePlans[0].decision, .noFeasibleVariant(cause: .noCandidates(excludedSyntheticCount: 0)))
        XCTAssertEqual(plan.devicePlans[0].reason, "no artifact to choose from")
        XCTAssertEqual(plan.summary.noFeasibleCount, 1)
    }

    func testSummaryCountsEveryKindOfDecision() throws {
        let devices = [
            Fixtures.device("d", latencyBudgetMs: 100),
            Fixtures.device("p", latencyBudgetMs: 100, current: "real"),
            Fixtures.device("n", latencyBudgetMs: 0.5),
            Fixtures.device("w", hardwareClass: "other", latencyBudgetMs: 100),
            Fixtures.device("twin", latencyBudgetMs: 100, current: "real"),
        ]
        let measurements = self.measurements + [Fixtures.measurement("twin", "real", p50: 2)]
        let plan = try Fixtures.plan(devices: devices, artifacts: self.artifacts, measurements: measurements)
        let summary = plan.summary
        XCTAssertEqual(summary.deviceCount, 5)
        XCTAssertEqual(summary.assignedCount, 3)
        XCTAssertEqual(summary.predictedCount, 1)
        XCTAssertEqual(summary.changedCount, 1)
        XCTAssertEqual(summary.noFeasibleCount, 1)
        XCTAssertEqual(summary.awaitingBenchmarksCount, 1)
        XCTAssertEqual(summary.benchmarkJobCount, 1)
    }
}
