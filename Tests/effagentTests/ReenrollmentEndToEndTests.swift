import EffFleetTesting
import Foundation
import RegistryAPI
import RegistryClient
import XCTest

/// A device that lost its data folder, with real processes: its agent holds only the fleet's
/// enrollment token, which no longer enrolls an existing name. It waits, says what the operator
/// must do, and enrolls again as the same device once `effctl devices approve-reenroll` ran.
final class ReenrollmentEndToEndTests: XCTestCase {
    func testALostDeviceWaitsForAnOperatorsApprovalAndComesBackAsItself() async throws {
        let root = try Fixtures.temporaryDirectory("reenroll-e2e")
        defer { try? FileManager.default.removeItem(at: root) }
        let fleet = try FleetHarness(root: root)
        defer { _ = fleet.stopAll() }
        let admin = try fleet.admin()
        let enrollToken = try fleet.createFleet("demo")

        try fleet.startAgent("cam-1", fleet: "demo", enrollToken: enrollToken)
        try await eventually(timeout: 60, "cam-1 enrolled\n\(fleet.logs)") { try await !admin.listDevices(fleet: "demo").isEmpty }
        let enrolled = try await admin.listDevices(fleet: "demo")
        let original = try XCTUnwrap(enrolled.first)
        XCTAssertEqual(try XCTUnwrap(fleet.agents["cam-1"]).stop(), 0)

        // The device loses its token.
        try FileManager.default.removeItem(at: fleet.agentData("cam-1"))
        let agent = try fleet.startAgent("cam-1", fleet: "demo", enrollToken: enrollToken)
        try await eventually(timeout: 60, "the agent asking for an approval\n\(fleet.logs)") {
            agent.log.contains("effctl devices approve-reenroll cam-1")
        }
        XCTAssertTrue(agent.isRunning, "it waits instead of giving up")
        let waiting = try await admin.listDevices(fleet: "demo")
        XCTAssertEqual(waiting.map(\.id), [original.id], "no second device while it waits")

        let approved = try fleet.effctl("devices", "approve-reenroll", "cam-1", "--minutes", "10")
        XCTAssertEqual(approved.status, 0, approved.standardError)
        XCTAssertTrue(approved.standardOutput.contains("may enroll again"), approved.standardOutput)
        try await eventually(timeout: 60, "the agent enrolled again\n\(fleet.logs)") {
            agent.log.contains("enrolled cam-1 in fleet demo as \(original.id)")
        }
        let devices = try await admin.listDevices(fleet: "demo")
        XCTAssertEqual(devices.map(\.id), [original.id], "the same device, not a second one")
        XCTAssertNil(devices.first?.reenrollmentApprovedUntil, "the approval was used up")
        XCTAssertEqual(agent.stop(), 0, "SIGTERM is a clean stop")
    }
}
