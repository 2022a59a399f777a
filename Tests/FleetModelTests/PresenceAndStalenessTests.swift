import FleetModel
import Foundation
import XCTest

/// Who is offline at planning time, and when a stored plan is stale: the rules, as tables.
final class PresenceAndStalenessTests: XCTestCase {
    func testADeviceIsOfflineOnceSilentLongerThanTheBound() {
        let now = Date(timeIntervalSince1970: 1_000)
        let cases: [(lastSeen: Double?, offlineAfter: Double, offline: Bool)] = [
            (nil, 60, true), (1_000, 60, false), (940, 60, false), (939.9, 60, true), (100, 60, true), (990, 5, true), (1_010, 60, false),
        ]
        for (lastSeen, bound, offline) in cases {
            XCTAssertEqual(
                DevicePresence.isOffline(lastSeen: lastSeen.map(Date.init(timeIntervalSince1970:)), now: now, offlineAfter: bound), offline,
                "\(String(describing: lastSeen)) with \(bound) s")
        }
    }

    func testAPlanIsStaleWhenResultsArriveOrBudgetsChangeAfterIt() {
        let cases: [(results: [Double], budgets: [Double], reasons: [String])] = [
            ([], [], []),
            ([50, 100], [90], []),
            ([50, 101], [], ["1 benchmark result arrived since it was made"]),
            ([101, 150, 20], [120], ["2 benchmark results arrived since it was made", "1 budget changed since"]),
            ([], [101, 102], ["2 budgets changed since"]),
        ]
        for (results, budgets, reasons) in cases {
            XCTAssertEqual(PlanStaleness.reasons(plannedAt: 100, resultTimes: results, budgetChangeTimes: budgets), reasons)
        }
    }
}
