import EffFleetTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryAPI
import RegistryService
import RegistryStore
import XCTest

/// A fleet's enrollment token is on every device of the fleet: it must not take over a device that
/// is already enrolled (issue 15, item 1). Re-enrolling needs the device's own token, the admin
/// token, or an operator's one-time approval — the way back for a device that lost its token.
final class EnrollmentTakeoverTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("takeover")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func enroll(_ client: any TestClientProtocol, token: String, name: String = "cam-1") async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/enroll", method: .post, headers: API.bearer(token),
            body: try API.json(EnrollRequest(name: name, fleet: "demo", hardware: API.hardware, engineVersion: "evil")))
    }

    func testTheEnrollmentTokenCannotTakeOverAnEnrolledDevice() async throws {
        try await API.withRegistry(in: directory, catalog: false) { client, registry in
            let (fleetToken, victim) = try await API.setUpFleet(client, registry)
            let takeover = try await Self.enroll(client, token: fleetToken)
            API.assertError(takeover, .forbidden, "field 'name'")
            API.assertError(takeover, .forbidden, "approve-reenroll")
            let heartbeat = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(victim.deviceToken))
            XCTAssertEqual(heartbeat.status, .noContent, "the real device keeps its token")
            let stored = try await registry.store.device(id: victim.deviceId)
            XCTAssertEqual(stored.engineVersion, "0.1.0", "the attacker rewrote nothing")
            XCTAssertEqual(stored.tokenHash, Token.hash(victim.deviceToken))

            // Another device's own token is no credential for this name, nor for a new one.
            let other = try API.decode(EnrollResponse.self, try await Self.enroll(client, token: fleetToken, name: "cam-2"))
            API.assertError(try await Self.enroll(client, token: other.deviceToken), .unauthorized, "token")
            API.assertError(try await Self.enroll(client, token: other.deviceToken, name: "cam-9"), .unauthorized, "token")
            let events = try await registry.store.events(fleet: "demo")
            XCTAssertFalse(events.contains { $0.kind == "device-reenrolled" }, "no re-enrollment happened")
        }
    }

    func testADeviceRotatesItsOwnTokenAndTheAdminCanReenrollIt() async throws {
        try await API.withRegistry(in: directory, catalog: false) { client, registry in
            let (_, device) = try await API.setUpFleet(client, registry)
            let own = try await Self.enroll(client, token: device.deviceToken)
            XCTAssertEqual(own.status, .ok)
            let rotated = try API.decode(EnrollResponse.self, own)
            XCTAssertEqual(rotated.deviceId, device.deviceId)
            let old = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(device.deviceToken))
            API.assertError(old, .unauthorized, "token")
            let byAdmin = try await Self.enroll(client, token: registry.adminToken)
            XCTAssertEqual(byAdmin.status, .ok)
            XCTAssertEqual(try API.decode(EnrollResponse.self, byAdmin).deviceId, device.deviceId)
            let replaced = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(rotated.deviceToken))
            API.assertError(replaced, .unauthorized, "token")
        }
    }

    func testAnOperatorsApprovalLetsALostDeviceEnrollAgainOnce() async throws {
        try await API.withRegistry(in: directory, catalog: false) { client, registry in
            let (fleetToken, device) = try await API.setUpFleet(client, registry)
            let admin = API.bearer(registry.adminToken)
            let byDevice = try await client.execute(
                uri: "/v1/devices/\(device.deviceId)/reenrollment", method: .post, headers: API.bearer(device.deviceToken),
                body: try API.json(ReenrollmentApproval()))
            API.assertError(byDevice, .forbidden, "operators")
            let tooLong = try await client.execute(
                uri: "/v1/devices/\(device.deviceId)/reenrollment", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"valid_minutes":0}"#))
            API.assertError(tooLong, .badRequest, "valid_minutes")
            let approved = try await client.execute(
                uri: "/v1/devices/\(device.deviceId)/reenrollment", method: .post, headers: admin,
                body: try API.json(ReenrollmentApproval(validMinutes: 5)))
            let view = try API.decode(DeviceView.self, approved)
            let until = try XCTUnwrap(view.reenrollmentApprovedUntil)
            XCTAssertEqual(until, Date().timeIntervalSince1970 + 300, accuracy: 30)

            let recovered = try await Self.enroll(client, token: fleetToken)
            XCTAssertEqual(recovered.status, .ok)
            let credentials = try API.decode(EnrollResponse.self, recovered)
            XCTAssertEqual(credentials.deviceId, device.deviceId, "the same device, history kept")
            let heartbeat = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(credentials.deviceToken))
            XCTAssertEqual(heartbeat.status, .noContent)
            API.assertError(
                try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(device.deviceToken)), .unauthorized,
                "token")

            let again = try await Self.enroll(client, token: fleetToken)
            API.assertError(again, .forbidden, "already enrolled")
            let stored = try await registry.store.device(id: device.deviceId)
            XCTAssertNil(stored.reenrollmentApprovedUntil, "the approval was used up")
            let kinds = try await registry.store.events(fleet: "demo").map(\.kind)
            XCTAssertTrue(kinds.contains("reenrollment-approved"))
            XCTAssertTrue(kinds.contains("device-reenrolled"))
        }
    }

    func testAnExpiredApprovalLetsNothingThrough() async throws {
        try await API.withRegistry(in: directory, catalog: false) { client, registry in
            let (fleetToken, device) = try await API.setUpFleet(client, registry)
            _ = try await registry.store.approveReenrollment(deviceId: device.deviceId, until: Date().addingTimeInterval(-1))
            API.assertError(try await Self.enroll(client, token: fleetToken), .forbidden, "already enrolled")
        }
    }
}
