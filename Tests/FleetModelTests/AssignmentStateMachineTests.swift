import FleetModel
import XCTest

/// ``AssignmentStateMachine``, table-driven: every (current, reported, purpose) a device can send.
final class AssignmentStateMachineTests: XCTestCase {
    func testDeviceReports() {
        let moves: [(AssignmentState, AssignmentPurpose, Set<AssignmentState>)] = [
            (.pending, .deploy, [.downloading, .active, .failed]),
            (.pending, .rollback, [.downloading, .active, .failed]),
            (.pending, .withdraw, [.withdrawn]),
            (.downloading, .deploy, [.active, .failed]),
            (.active, .deploy, [.failed]),
            (.waiting, .deploy, []),
            (.healthy, .deploy, []),
            (.breached, .rollback, []),
            (.failed, .deploy, []),
            (.superseded, .deploy, []),
            (.cancelled, .deploy, []),
            (.withdrawn, .withdraw, []),
        ]
        for (current, purpose, allowed) in moves {
            for next in AssignmentState.allCases {
                let expected: AssignmentStateMachine.DeviceReport = next == current ? .unchanged : allowed.contains(next) ? .move : .refused
                XCTAssertEqual(
                    AssignmentStateMachine.deviceReport(next, from: current, purpose: purpose), expected,
                    "\(current) → \(next) (\(purpose))")
            }
        }
    }

    /// A device can never settle its own assignment as healthy or breached: only the health gate can.
    func testOnlyTheGateJudgesHealth() {
        for current in AssignmentState.allCases {
            for purpose in AssignmentPurpose.allCases {
                let reports = AssignmentStateMachine.deviceReports(from: current, purpose: purpose)
                XCTAssertFalse(reports.contains(.healthy) || reports.contains(.breached), "\(current) (\(purpose))")
            }
        }
    }

    func testSupersedableStatesAreExactlyTheUnstartedOnes() {
        XCTAssertEqual(AssignmentStateMachine.supersedable, Set(AssignmentState.allCases.filter { !$0.isSettled && $0 != .active }))
    }
}
