import EffFleetTesting
import FleetModel
import Foundation
import RegistryStore
import XCTest

/// The figures behind the registry's gauges, counted in SQLite on a real file.
final class CensusTests: XCTestCase {
    func testDevicesOnlineOfflineAndTheOldestOnlineHeartbeatPerFleet() async throws {
        let directory = try Fixtures.temporaryDirectory("census")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = RegistryStore(database: try RegistryDatabase(path: directory.appendingPathComponent("registry.sqlite").path))
        let hardware = HardwareReport(cpuModel: "AMD EPYC", cores: 2, memoryMb: 24_000, architecture: "x86_64", backend: "auto", threads: 1)
        for fleet in ["busy", "empty"] {
            try await store.createFleet(FleetRecord(name: fleet, enrollmentTokenHash: fleet, latencyBudgetMs: 20, percentile: .p90))
        }
        let now = Date()
        // Seen 5 s and 50 s ago (online within 60 s), 5 minutes ago, and never.
        let seen: [TimeInterval?] = [5, 50, 300, nil]
        for (index, age) in seen.enumerated() {
            try await store.enroll(
                DeviceRecord(
                    id: "d\(index)", name: "cam-\(index)", fleetName: "busy", tokenHash: "t\(index)", hardware: hardware,
                    engineVersion: "0.1.0", latencyBudgetMs: nil, memoryBudgetMb: nil, lastSeenAt: age.map { now.addingTimeInterval(-$0) }),
                credential: .enrollmentToken)
        }

        let census = try await store.census(now: now, onlineWithin: 60)
        XCTAssertEqual(census.devices["busy"]?.online, 2)
        XCTAssertEqual(census.devices["busy"]?.offline, 2)
        XCTAssertEqual(census.devices["busy"]?.heartbeatLagSeconds ?? 0, 50, accuracy: 0.01)
        XCTAssertEqual(census.devices["empty"], FleetCensus.Devices(), "a fleet without devices reads zero")
        XCTAssertEqual(census.deployments, [:])

        let later = try await store.census(now: now.addingTimeInterval(20), onlineWithin: 60)
        XCTAssertEqual(later.devices["busy"]?.online, 1, "the device seen 50 s before is 70 s late now")
        XCTAssertEqual(later.devices["busy"]?.heartbeatLagSeconds ?? 0, 25, accuracy: 0.01)
    }
}
