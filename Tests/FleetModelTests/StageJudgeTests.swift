import FleetModel
import XCTest

/// ``StageJudge`` and ``RollbackDecision``, table-driven.
final class StageJudgeTests: XCTestCase {
    func testVerdicts() {
        let cases: [(String, [AssignmentState], Int, Int, Int, StageJudge.Verdict)] = [
            ("one device still downloading", [.healthy, .downloading], 0, 3, 0, .waiting),
            ("an active device is not settled", [.active], 0, 1, 0, .waiting),
            ("waiting devices are not settled", [.waiting, .healthy], 1, 3, 0, .waiting),
            ("all healthy, more stages", [.healthy, .healthy], 0, 3, 0, .advance(next: 1, failures: 0, devices: 2)),
            ("all healthy, last stage", [.healthy], 2, 3, 0, .complete(failures: 0, devices: 1)),
            ("one breach, none tolerated", [.healthy, .breached], 0, 3, 0, .halt(failures: 1, devices: 2)),
            ("one failure, one tolerated", [.failed, .healthy], 0, 2, 1, .advance(next: 1, failures: 1, devices: 2)),
            ("two failures, one tolerated", [.failed, .breached, .healthy], 1, 2, 1, .halt(failures: 2, devices: 3)),
            ("superseded counts as settled, not failed", [.superseded, .healthy], 0, 1, 0, .complete(failures: 0, devices: 2)),
            ("an empty stage passes", [], 0, 1, 0, .complete(failures: 0, devices: 0)),
        ]
        for (name, states, stage, stageCount, maxFailures, expected) in cases {
            XCTAssertEqual(StageJudge.judge(states, stage: stage, stageCount: stageCount, maxFailures: maxFailures), expected, name)
        }
    }

    func testLabels() {
        XCTAssertEqual(StageJudge.label(stage: 0, stageCount: 3), "stage 1 of 3")
        XCTAssertEqual(StageJudge.label(stage: 0, stageCount: 1), "stage 1 of 1")
        XCTAssertEqual(StageJudge.label(stage: 2, stageCount: 3), "stage 3 of 3")
    }

    func testRollbackDecisions() {
        let cases: [(AssignmentState, String?, String?, RollbackDecision)] = [
            (.breached, "lite0", "onednn", .rollBack(artifactId: "lite0", backend: "onednn")),
            (.failed, "lite0", nil, .rollBack(artifactId: "lite0", backend: "xnnpack")),
            (.breached, nil, nil, .withdraw),
            (.failed, nil, nil, .none),
        ]
        for (state, previous, backend, expected) in cases {
            XCTAssertEqual(RollbackDecision.after(state, previousArtifactId: previous, previousBackend: backend), expected, "\(state)")
        }
    }
}
