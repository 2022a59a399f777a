import EffCore
import FleetModel
import Planner
import XCTest

/// Which artifact wins among those that fit.
final class SelectionTests: XCTestCase {
    private let artifacts = [
        Fixtures.artifact("a-small", .lite0, .int8, top1: 74),
        Fixtures.artifact("b-medium", .lite1, .fp32, top1: 76),
        Fixtures.artifact("c-large", .lite2, .fp32, top1: 78),
    ]

    private func measurements(on deviceID: String) -> [LatencyMeasurement] {
        [
            Fixtures.measurement(deviceID, "a-small", p50: 2),
            Fixtures.measurement(deviceID, "b-medium", p50: 6),
            Fixtures.measurement(deviceID, "c-large", p50: 12),
        ]
    }

    func testHighestAccuracyThatFitsWins() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 10)],
            artifacts: self.artifacts,
            measurements: self.measurements(on: "d")
        )
        let assignment = try XCTUnwrap(plan.devicePlans.first?.assignment)
        XCTAssertEqual(assignment.artifactID, "b-medium")
        XCTAssertEqual(assignment.top1, 76)
        XCTAssertEqual(assignment.latencyMs, 6)
        XCTAssertFalse(assignment.isPredicted)
    }

    func testAccuracyTieGoesToLowerLatency() throws {
        let artifacts = [Fixtures.artifact("a", .lite1, .fp32, top1: 76), Fixtures.artifact("b", .lite1, .int8, top1: 76)]
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 100)],
            artifacts: artifacts,
            measurements: [Fixtures.measurement("d", "a", p50: 9), Fixtures.measurement("d", "b", p50: 4)]
        )
        XCTAssertEqual(plan.devicePlans.first?.assignment?.artifactID, "b")
    }

    func testFullTieGoesToLowerArtifactIDWhateverTheInputOrder() throws {
        let artifacts = [Fixtures.artifact("zz", top1: 76), Fixtures.artifact("aa", top1: 76)]
        let measurements = [Fixtures.measurement("d", "zz", p50: 4), Fixtures.measurement("d", "aa", p50: 4)]
        for order in [artifacts, artifacts.reversed()] {
            let plan = try Fixtures.plan(
                devices: [Fixtures.device("d", latencyBudgetMs: 100)],
                artifacts: order,
                measurements: measurements
            )
            XCTAssertEqual(plan.devicePlans.first?.assignment?.artifactID, "aa")
        }
    }

    func testHeadroomMultipliesLatency() throws {
        // c-large at 12 ms fits 13 ms without headroom, not with 10% (13.2 ms).
        for (headroom, winner) in [(0.1, "b-medium"), (0, "c-large")] {
            let plan = try Fixtures.plan(
                devices: [Fixtures.device("d", latencyBudgetMs: 13)],
                artifacts: self.artifacts,
                measurements: self.measurements(on: "d"),
                policy: PlanningPolicy(headroom: headroom)
            )
            XCTAssertEqual(plan.devicePlans.first?.assignment?.artifactID, winner, "headroom \(headroom)")
        }
    }

    func testLatencyExactlyAtBudgetFits() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 12)],
            artifacts: self.artifacts,
            measurements: self.measurements(on: "d"),
            policy: PlanningPolicy(headroom: 0)
        )
        XCTAssertEqual(plan.devicePlans.first?.assignment?.artifactID, "c-large")
    }

    func testEachPercentileIsTheOneCompared() throws {
        let artifacts = [Fixtures.artifact("fast", top1: 70), Fixtures.artifact("good", top1: 80)]
        let measurements = [
            Fixtures.measurement("d", "fast", p50: 1, p90: 1, p99: 1),
            Fixtures.measurement("d", "good", p50: 5, p90: 9, p99: 15),
        ]
        let expected: [(LatencyPercentile, String, Double)] = [(.p50, "good", 5), (.p90, "good", 9), (.p99, "fast", 1)]
        for (percentile, winner, latency) in expected {
            let plan = try Fixtures.plan(
                devices: [Fixtures.device("d", latencyBudgetMs: 10)],
                artifacts: artifacts,
                measurements: measurements,
                policy: PlanningPolicy(percentile: percentile, headroom: 0)
            )
            let assignment = try XCTUnwrap(plan.devicePlans.first?.assignment, "\(percentile)")
            XCTAssertEqual(assignment.artifactID, winner, "\(percentile)")
            XCTAssertEqual(assignment.latencyMs, latency, "\(percentile)")
            XCTAssertEqual(assignment.percentile, percentile)
        }
    }

    func testDefaultPolicyIsP90WithTenPercentHeadroom() {
        let policy = PlanningPolicy()
        XCTAssertEqual(policy.percentile, .p90)
        XCTAssertEqual(policy.headroom, 0.1)
        XCTAssertFalse(policy.allowSynthetic)
    }

    func testMemoryBudgetExcludesArtifactsThatNeedMore() throws {
        let measurements = [
            Fixtures.measurement("d", "a-small", p50: 2, rssMB: 40),
            Fixtures.measurement("d", "b-medium", p50: 6, rssMB: 120),
            Fixtures.measurement("d", "c-large", p50: 8, rssMB: 200),
        ]
        let limits: [(Double?, String)] = [(nil, "c-large"), (200, "c-large"), (150, "b-medium"), (100, "a-small")]
        for (memoryMb, winner) in limits {
            let plan = try Fixtures.plan(
                devices: [Fixtures.device("d", latencyBudgetMs: 100, memoryMb: memoryMb)],
                artifacts: self.artifacts,
                measurements: measurements
            )
            XCTAssertEqual(plan.devicePlans.first?.assignment?.artifactID, winner, "memory budget \(String(describing: memoryMb))")
        }
    }

    func testZeroLatencyBudgetFitsNothing() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 0)],
            artifacts: self.artifacts,
            measurements: self.measurements(on: "d")
        )
        guard case .noFeasibleVariant(.latencyBudget) = plan.devicePlans.first?.decision else {
            return XCTFail("expected a latency infeasibility, got \(String(describing: plan.devicePlans.first))")
        }
    }
}
