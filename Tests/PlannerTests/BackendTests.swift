import Planner
import XCTest

/// Candidates are (artifact, backend) pairs: an artifact fits when its best measured backend does,
/// and the plan names the backend the device serves it with.
final class BackendTests: XCTestCase {
    private let artifacts = [
        Fixtures.artifact("lite0-fp32", .lite0, .fp32, top1: 75.1),
        Fixtures.artifact("lite2-int8", .lite2, .int8, top1: 76.5),
    ]

    func testABiggerInt8VariantWinsWhenItsFastestBackendFits() throws {
        let measurements = [
            Fixtures.measurement("d", "lite0-fp32", p50: 9, backend: "xnnpack"),
            Fixtures.measurement("d", "lite0-fp32", p50: 8, backend: "onednn"),
            Fixtures.measurement("d", "lite2-int8", p50: 21, backend: "xnnpack"),
            Fixtures.measurement("d", "lite2-int8", p50: 7, backend: "onednn"),
        ]
        let plan = try Fixtures.plan(devices: [Fixtures.device("d", budgetMs: 12)], artifacts: artifacts, measurements: measurements)
        let assignment = try XCTUnwrap(plan.devicePlans[0].assignment)
        XCTAssertEqual(assignment.artifactID, "lite2-int8")
        XCTAssertEqual(assignment.backend, "onednn")
        XCTAssertEqual(assignment.latencyMs, 7)
        XCTAssertTrue(plan.devicePlans[0].reason.contains("lite2 int8 on onednn"), plan.devicePlans[0].reason)
    }

    func testTheFastestBackendOfTheChosenArtifactIsChosen() throws {
        let measurements = [
            Fixtures.measurement("d", "lite0-fp32", p50: 6, backend: "onednn"),
            Fixtures.measurement("d", "lite0-fp32", p50: 5, backend: "xnnpack"),
        ]
        let plan = try Fixtures.plan(devices: [Fixtures.device("d", budgetMs: 12)], artifacts: [artifacts[0]], measurements: measurements)
        XCTAssertEqual(plan.devicePlans[0].assignment?.backend, "xnnpack")
    }

    func testABackendOverTheMemoryBudgetLeavesTheOtherOne() throws {
        let measurements = [
            Fixtures.measurement("d", "lite2-int8", p50: 5, rssMB: 300, backend: "onednn"),
            Fixtures.measurement("d", "lite2-int8", p50: 10, rssMB: 80, backend: "xnnpack"),
        ]
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", budgetMs: 12, memoryMB: 100)], artifacts: [artifacts[1]], measurements: measurements)
        XCTAssertEqual(plan.devicePlans[0].assignment?.backend, "xnnpack")
    }

    func testPredictionsKeepTheBackendOfTheClassMedians() throws {
        let devices = ["m1", "m2", "new"].map { Fixtures.device($0, budgetMs: 12) }
        let measurements = ["m1", "m2"].flatMap { device in
            [
                Fixtures.measurement(device, "lite2-int8", p50: 20, backend: "xnnpack"),
                Fixtures.measurement(device, "lite2-int8", p50: 8, backend: "onednn"),
            ]
        } + [Fixtures.measurement("new", "lite0-fp32", p50: 9)]
        let plan = try Fixtures.plan(devices: devices, artifacts: artifacts, measurements: measurements)
        let assignment = try XCTUnwrap(plan.devicePlans[2].assignment)
        XCTAssertEqual(assignment.artifactID, "lite2-int8")
        XCTAssertEqual(assignment.backend, "onednn")
        XCTAssertTrue(assignment.isPredicted)
    }

    func testTheSamePairMeasuredTwiceWithOneBackendIsADuplicate() {
        let measurements = [
            Fixtures.measurement("d", "lite0-fp32", p50: 6, backend: "onednn"),
            Fixtures.measurement("d", "lite0-fp32", p50: 5, backend: "onednn"),
        ]
        XCTAssertThrowsError(try Fixtures.plan(devices: [Fixtures.device("d", budgetMs: 12)], artifacts: [artifacts[0]], measurements: measurements))
    }
}
