import EffCore
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
        let plan = try Fixtures.plan(devices: [Fixtures.device("d", latencyBudgetMs: 12)], artifacts: artifacts, measurements: measurements)
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
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 12)], artifacts: [artifacts[0]], measurements: measurements)
        XCTAssertEqual(plan.devicePlans[0].assignment?.backend, "xnnpack")
    }

    /// Two backends of one artifact whose intervals overlap are one choice measured twice: the
    /// device keeps what it runs, else the backend first by name wins, whichever read faster.
    func testBackendsWithinEachOthersIntervalDoNotMoveTheDevice() throws {
        func measured(onednn: Double, xnnpack: Double) -> [LatencyMeasurement] {
            [("onednn", onednn), ("xnnpack", xnnpack)].map { backend, p90 in
                var measurement = Fixtures.measurement("d", "lite0-fp32", p50: p90 - 1, p90: p90, backend: backend)
                measurement.p90UpperMs = p90 * 1.1
                return measurement
            }
        }
        let cases: [(onednn: Double, xnnpack: Double, current: String?, chosen: String)] = [
            (6.0, 5.8, nil, "onednn"),
            (5.8, 6.0, nil, "onednn"),
            (6.0, 5.8, "xnnpack", "xnnpack"),
            (5.8, 6.0, "xnnpack", "xnnpack"),
            (6.0, 5.0, "onednn", "xnnpack"),  // 5.0 × 1.1 < 6.0: faster beyond its interval
            (5.0, 6.0, "xnnpack", "onednn"),
        ]
        for (onednn, xnnpack, current, chosen) in cases {
            var device = Fixtures.device("d", latencyBudgetMs: 12, current: current.map { _ in "lite0-fp32" })
            device.currentBackend = current
            for measurements in [measured(onednn: onednn, xnnpack: xnnpack), measured(onednn: onednn, xnnpack: xnnpack).reversed()] {
                let plan = try Fixtures.plan(devices: [device], artifacts: [artifacts[0]], measurements: measurements)
                XCTAssertEqual(
                    plan.devicePlans[0].assignment?.backend, chosen, "onednn \(onednn), xnnpack \(xnnpack), current \(current ?? "none")")
            }
        }
    }

    /// A more accurate artifact still wins over the current one, however close their latencies.
    func testTheCurrentChoiceDoesNotHoldBackAMoreAccurateArtifact() throws {
        let measurements = [
            Fixtures.measurement("d", "lite0-fp32", p50: 6, backend: "onednn"),
            Fixtures.measurement("d", "lite2-int8", p50: 7, backend: "onednn"),
        ]
        var device = Fixtures.device("d", latencyBudgetMs: 12, current: "lite0-fp32")
        device.currentBackend = "onednn"
        let plan = try Fixtures.plan(devices: [device], artifacts: artifacts, measurements: measurements)
        XCTAssertEqual(plan.devicePlans[0].assignment?.artifactID, "lite2-int8")
    }

    func testABackendOverTheMemoryBudgetLeavesTheOtherOne() throws {
        let measurements = [
            Fixtures.measurement("d", "lite2-int8", p50: 5, rssMB: 300, backend: "onednn"),
            Fixtures.measurement("d", "lite2-int8", p50: 10, rssMB: 80, backend: "xnnpack"),
        ]
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 12, memoryMb: 100)], artifacts: [artifacts[1]], measurements: measurements)
        XCTAssertEqual(plan.devicePlans[0].assignment?.backend, "xnnpack")
    }

    func testPredictionsKeepTheBackendOfTheClassMedians() throws {
        let devices = ["m1", "m2", "new"].map { Fixtures.device($0, latencyBudgetMs: 12) }
        let measurements =
            ["m1", "m2"].flatMap { device in
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
        XCTAssertThrowsError(
            try Fixtures.plan(devices: [Fixtures.device("d", latencyBudgetMs: 12)], artifacts: [artifacts[0]], measurements: measurements))
    }
}
