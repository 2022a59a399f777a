import EffCtlCore
import Foundation
import RegistryAPI
import XCTest

/// Ids are accepted whole or as a unique prefix, as git accepts commits, with the same errors everywhere.
final class IDPrefixTests: XCTestCase {
    private let ids = ["3f2a9c01", "3f2b7711", "a0c4e5d6", "a0c4ffff"]

    private func match(_ text: String) throws -> String {
        try IDPrefix.match(text, in: ids, id: { $0 }, kind: "deployment", listing: "effctl query deployments")
    }

    private func assertError(_ text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try match(text), file: file, line: line) { error in
            XCTAssertEqual(String(describing: error), message, file: file, line: line)
        }
    }

    func testAWholeIdOrAUniquePrefixNamesOneItem() throws {
        for (text, expected) in [("3f2a9c01", "3f2a9c01"), ("3f2a", "3f2a9c01"), ("3f2b", "3f2b7711"), ("a0c4e", "a0c4e5d6")] {
            XCTAssertEqual(try match(text), expected, text)
        }
    }

    func testAnAmbiguousPrefixListsItsCandidatesOnOneLine() {
        assertError("3f2", "'3f2' is the start of 2 deployment ids: 3f2a9c0…, 3f2b771… (give more of it)")
        let many = (0..<8).map { "ab\($0)0000000000000000" }
        XCTAssertThrowsError(try IDPrefix.match("ab", in: many, id: { $0 }, kind: "plan", listing: "effctl query plans")) { error in
            XCTAssertEqual(
                String(describing: error),
                "'ab' is the start of 8 plan ids: ab0000…, ab1000…, ab2000…, ab3000…, ab4000…, and 3 more (give more of it)")
        }
    }

    func testNoMatchIsNotFoundAndSaysWhereToLook() {
        assertError("ff", "no deployment 'ff': see effctl query deployments")
        assertError("", "no deployment '': see effctl query deployments")
    }

    func testDevicesGoByIdNameOrIdPrefix() throws {
        let hardware = HardwareReport(cpuModel: "c", cores: 4, memoryMb: 1024, architecture: "x86_64", backend: "xnnpack", threads: 1)
        func device(_ id: String, _ name: String) -> DeviceView {
            DeviceView(
                id: id, name: name, fleet: "a", hardwareClass: hardware.hardwareClass, hardware: hardware, engineVersion: "1",
                latencyBudgetMs: nil, memoryBudgetMb: nil, lastSeen: nil)
        }
        let devices = [device("7d41c0aa", "cam"), device("7d99e100", "door")]
        XCTAssertEqual(try DeviceResolver.match("7d4", in: devices, fleet: nil).name, "cam")
        XCTAssertEqual(try DeviceResolver.match("door", in: devices, fleet: nil).id, "7d99e100")
        XCTAssertThrowsError(try DeviceResolver.match("7d", in: devices, fleet: nil)) { error in
            XCTAssertEqual(String(describing: error), "'7d' is the start of 2 device ids: 7d41c0…, 7d99e1… (give more of it)")
        }
        XCTAssertThrowsError(try DeviceResolver.match("gate", in: devices, fleet: "a")) { error in
            XCTAssertEqual(String(describing: error), "no device 'gate' in fleet 'a'")
        }
    }

    func testTheHistoryNamesDevicesNotIdPrefixes() {
        let hardware = HardwareReport(cpuModel: "c", cores: 4, memoryMb: 1024, architecture: "x86_64", backend: "xnnpack", threads: 1)
        let door = DeviceView(
            id: "7d99e100", name: "door", fleet: "a", hardwareClass: hardware.hardwareClass, hardware: hardware, engineVersion: "1",
            latencyBudgetMs: nil, memoryBudgetMb: nil, lastSeen: nil)
        let events = [
            FleetEventView(at: 0, actor: "registry", kind: "device-enrolled", deploymentId: nil, deviceId: "7d99e100", detail: nil),
            FleetEventView(at: 1, actor: "admin", kind: "device-deleted", deploymentId: nil, deviceId: "0123456789", detail: nil),
        ]
        let rendered = DeploymentRows.history([], events: events, devices: [door]).rendered()
        XCTAssertTrue(rendered.contains("door"), rendered)
        XCTAssertFalse(rendered.contains("7d99e100"), rendered)
        XCTAssertTrue(rendered.contains("01234567 "), "a device gone since shows the start of its id: \(rendered)")
    }
}
