import EffCore
import Foundation
import Planner
import XCTest

/// Same input, same output; order kept; plans survive the wire.
final class DeterminismTests: XCTestCase {
    private func input() -> PlanningInput {
        let artifacts = [
            Fixtures.artifact("x", .lite0, .int8, top1: 74),
            Fixtures.artifact("y", .lite1, .fp32, top1: 76),
            Fixtures.artifact("z", .lite2, .fp32, top1: 78),
        ]
        let devices = (0..<40).map { number in
            Fixtures.device(
                "dev-\(number)",
                hardwareClass: "class-\(number % 4)",
                latencyBudgetMs: Double(number % 9) * 2,
                memoryMb: number.isMultiple(of: 5) ? 150 : nil,
                current: number.isMultiple(of: 3) ? "y" : nil
            )
        }
        let measurements = devices.enumerated().flatMap { number, device in
            artifacts.enumerated().compactMap { position, artifact in
                (number + position).isMultiple(of: 3) && number % 4 != 3
                    ? Fixtures.measurement(
                        device.id, artifact.id, p50: Double(position + 1) * 2, p90: Double(position + 1) * 3 + Double(number % 5),
                        rssMB: Double(position + 1) * 60)
                    : nil
            }
        }
        return PlanningInput(devices: devices, artifacts: artifacts, measurements: measurements)
    }

    func testSameInputGivesTheSamePlan() throws {
        XCTAssertEqual(try FleetPlanner.plan(self.input()), try FleetPlanner.plan(self.input()))
    }

    func testPlansFollowTheInputDeviceOrder() throws {
        var input = self.input()
        let forward = try FleetPlanner.plan(input)
        XCTAssertEqual(forward.devicePlans.map(\.deviceID), input.devices.map(\.id))
        input.devices.reverse()
        let backward = try FleetPlanner.plan(input)
        XCTAssertEqual(backward.devicePlans.map(\.deviceID), input.devices.map(\.id))
        XCTAssertEqual(backward.devicePlans, forward.devicePlans.reversed())
    }

    func testMeasurementAndArtifactOrderDoNotChangeDecisions() throws {
        var input = self.input()
        let original = try FleetPlanner.plan(input)
        input.measurements.reverse()
        input.artifacts.reverse()
        let shuffled = try FleetPlanner.plan(input)
        XCTAssertEqual(shuffled.devicePlans, original.devicePlans)
        XCTAssertEqual(Set(shuffled.benchmarkJobs), Set(original.benchmarkJobs))
    }

    func testTheFixtureFleetExercisesEveryDecision() throws {
        let summary = try FleetPlanner.plan(self.input()).summary
        XCTAssertGreaterThan(summary.assignedCount, 0)
        XCTAssertGreaterThan(summary.predictedCount, 0)
        XCTAssertGreaterThan(summary.noFeasibleCount, 0)
        XCTAssertGreaterThan(summary.awaitingBenchmarksCount, 0)
    }

    func testPlanRoundTripsThroughJSONWithReasons() throws {
        let plan = try FleetPlanner.plan(self.input())
        let data = try JSONEncoder().encode(plan)
        XCTAssertEqual(try JSONDecoder().decode(FleetPlan.self, from: data), plan)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let first = try XCTUnwrap((object["devicePlans"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["reason"] as? String, plan.devicePlans[0].reason)
    }

    func testInputRoundTripsThroughJSON() throws {
        let input = self.input()
        XCTAssertEqual(try JSONDecoder().decode(PlanningInput.self, from: JSONEncoder().encode(input)), input)
    }
}
