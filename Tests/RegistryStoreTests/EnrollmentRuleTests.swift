import FleetModel
import Foundation
import RegistryStore
import XCTest

/// ``EnrollmentRule``, table-driven: who may create a device name, and who may enroll an existing
/// one again.
final class EnrollmentRuleTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func device(approvedUntil: Date?) -> DeviceRecord {
        var device = DeviceRecord(
            id: "d1", name: "cam-1", fleetName: "demo", tokenHash: "own",
            hardware: HardwareReport(cpuModel: "cpu", cores: 2, memoryMb: 1024, architecture: "x86_64", backend: "xnnpack", threads: 1),
            engineVersion: "0.1.0", latencyBudgetMs: nil, memoryBudgetMb: nil)
        device.reenrollmentApprovedUntil = approvedUntil
        return device
    }

    func testDecisions() {
        let open = now.addingTimeInterval(60)
        let expired = now.addingTimeInterval(-1)
        let cases: [(String, EnrollmentCredential, Date??, EnrollmentRule.Decision)] = [
            ("new name, enrollment token", .enrollmentToken, .none, .create),
            ("new name, admin", .admin, .none, .create),
            ("new name, some device's token", .deviceToken(hash: "own"), .none, .unknownToken),
            ("existing, enrollment token, no approval", .enrollmentToken, .some(nil), .alreadyEnrolled),
            ("existing, enrollment token, expired approval", .enrollmentToken, .some(expired), .alreadyEnrolled),
            ("existing, enrollment token, approval ends now", .enrollmentToken, .some(now), .alreadyEnrolled),
            ("existing, enrollment token, open approval", .enrollmentToken, .some(open), .reenroll),
            ("existing, its own token", .deviceToken(hash: "own"), .some(nil), .reenroll),
            ("existing, another device's token", .deviceToken(hash: "other"), .some(nil), .unknownToken),
            ("existing, another device's token, open approval", .deviceToken(hash: "other"), .some(open), .unknownToken),
            ("existing, admin", .admin, .some(nil), .reenroll),
        ]
        for (name, credential, approval, expected) in cases {
            let existing = approval.map { device(approvedUntil: $0) }
            XCTAssertEqual(EnrollmentRule.decide(credential: credential, existing: existing, now: now), expected, name)
        }
    }
}
