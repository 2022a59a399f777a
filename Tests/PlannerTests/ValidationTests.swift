import Planner
import XCTest

/// Inputs the planner refuses, and how it says so.
final class ValidationTests: XCTestCase {
    private let artifact = Fixtures.artifact("x", top1: 75)

    private func planningError(
        devices: [FleetDevice]? = nil,
        artifacts: [ArtifactDescriptor]? = nil,
        measurements: [LatencyMeasurement] = [],
        policy: PlanningPolicy = PlanningPolicy()
    ) -> PlanningError? {
        let input = PlanningInput(
            devices: devices ?? [Fixtures.device("d", latencyBudgetMs: 10)],
            artifacts: artifacts ?? [self.artifact],
            measurements: measurements,
            policy: policy
        )
        do {
            _ = try FleetPlanner.plan(input)
            return nil
        } catch {
            return error
        }
    }

    func testHeadroomMustBeFiniteAndNotNegative() {
        XCTAssertEqual(self.planningError(policy: PlanningPolicy(headroom: -0.1)), .invalidHeadroom(-0.1))
        XCTAssertEqual(self.planningError(policy: PlanningPolicy(headroom: .infinity)), .invalidHeadroom(.infinity))
        guard case .invalidHeadroom(let value) = self.planningError(policy: PlanningPolicy(headroom: .nan)) else {
            return XCTFail("NaN headroom accepted")
        }
        XCTAssertTrue(value.isNaN)
        XCTAssertNil(self.planningError(policy: PlanningPolicy(headroom: 0)))
    }

    func testBudgetsMustBeFiniteAndNotNegative() {
        XCTAssertEqual(
            self.planningError(devices: [Fixtures.device("d", latencyBudgetMs: -1)]),
            .invalidLatencyBudget(deviceID: "d", value: -1)
        )
        guard case .invalidLatencyBudget("d", let value) = self.planningError(devices: [Fixtures.device("d", latencyBudgetMs: .nan)])
        else {
            return XCTFail("NaN latency budget accepted")
        }
        XCTAssertTrue(value.isNaN)
        XCTAssertEqual(
            self.planningError(devices: [Fixtures.device("d", latencyBudgetMs: 10, memoryMb: -5)]),
            .invalidMemoryBudget(deviceID: "d", value: -5)
        )
        XCTAssertEqual(
            self.planningError(devices: [Fixtures.device("d", latencyBudgetMs: 10, memoryMb: .infinity)]),
            .invalidMemoryBudget(deviceID: "d", value: .infinity)
        )
    }

    func testDuplicateIDsAreRejected() {
        XCTAssertEqual(
            self.planningError(devices: [Fixtures.device("d", latencyBudgetMs: 1), Fixtures.device("d", latencyBudgetMs: 2)]),
            .duplicateDeviceID("d")
        )
        XCTAssertEqual(self.planningError(artifacts: [self.artifact, self.artifact]), .duplicateArtifactID("x"))
    }

    func testAccuracyMustBeAPercentage() {
        XCTAssertEqual(
            self.planningError(artifacts: [Fixtures.artifact("x", top1: 101)]),
            .invalidAccuracy(artifactID: "x", value: 101)
        )
        XCTAssertNotNil(self.planningError(artifacts: [Fixtures.artifact("x", top1: .nan)]))
    }

    func testMeasurementsMustNameKnownDevicesAndArtifacts() {
        XCTAssertEqual(
            self.planningError(measurements: [Fixtures.measurement("ghost", "x", p50: 1)]),
            .unknownDevice(deviceID: "ghost", artifactID: "x")
        )
        XCTAssertEqual(
            self.planningError(measurements: [Fixtures.measurement("d", "ghost", p50: 1)]),
            .unknownArtifact(deviceID: "d", artifactID: "ghost")
        )
    }

    func testMeasurementFiguresMustBeFiniteAndNotNegative() {
        XCTAssertEqual(
            self.planningError(measurements: [Fixtures.measurement("d", "x", p50: 1, p90: 2, p99: -3)]),
            .invalidMeasurement(deviceID: "d", artifactID: "x", field: "p99Ms", value: -3)
        )
        XCTAssertEqual(
            self.planningError(measurements: [Fixtures.measurement("d", "x", p50: 1, rssMB: .infinity)]),
            .invalidMeasurement(deviceID: "d", artifactID: "x", field: "peakRssMb", value: .infinity)
        )
        guard case .invalidMeasurement(_, _, "p50Ms", _) = self.planningError(measurements: [Fixtures.measurement("d", "x", p50: .nan)])
        else {
            return XCTFail("NaN latency accepted")
        }
    }

    func testASecondMeasurementOfThePairIsRejected() {
        let measurements = [Fixtures.measurement("d", "x", p50: 1), Fixtures.measurement("d", "x", p50: 2)]
        XCTAssertEqual(self.planningError(measurements: measurements), .duplicateMeasurement(deviceID: "d", artifactID: "x"))
    }

    func testDuplicateMeasurementIsFoundWhenMeasurementsAreNotGroupedByDevice() {
        let devices = [
            Fixtures.device("d", latencyBudgetMs: 10), Fixtures.device("e", latencyBudgetMs: 10), Fixtures.device("f", latencyBudgetMs: 10),
        ]
        let measurements = [
            Fixtures.measurement("f", "x", p50: 1), Fixtures.measurement("d", "x", p50: 1), Fixtures.measurement("f", "x", p50: 2),
        ]
        XCTAssertEqual(
            self.planningError(devices: devices, measurements: measurements),
            .duplicateMeasurement(deviceID: "f", artifactID: "x")
        )
    }

    func testErrorMessagesNameTheOffendingValues() {
        XCTAssertEqual(
            PlanningError.invalidLatencyBudget(deviceID: "d7", value: -2).description,
            "device d7 has latency budget -2.0 ms; it must be finite and at least 0"
        )
        XCTAssertEqual(
            PlanningError.unknownArtifact(deviceID: "d7", artifactID: "abc").description,
            "measurement on device d7 names unknown artifact abc"
        )
        XCTAssertEqual(
            PlanningError.invalidMeasurement(deviceID: "d7", artifactID: "abc", field: "p90Ms", value: -1).description,
            "measurement of artifact abc on device d7 has p90Ms = -1.0; it must be finite and at least 0"
        )
        XCTAssertEqual(PlanningError.invalidHeadroom(-1).description, "headroom must be finite and at least 0, got -1.0")
    }
}
