import EffFleetTesting
import FleetModel
import Foundation
import RegistryStore
import XCTest

/// The store's contract on a real database: constraints, idempotent results, persistence
/// (SQLite here, PostgreSQL in ``PostgresRegistryStoreTests``).
class RegistryStoreTests: StoreTestCase {
    private let hardware = HardwareReport(
        cpuModel: "AMD EPYC", cores: 2, memoryMb: 24_000, architecture: "x86_64", backend: "xnnpack", threads: 1)

    private func seed(_ store: any FleetStore) async throws {
        try await store.createFleet(
            FleetRecord(name: "demo", enrollmentTokenHash: "e", latencyBudgetMs: 20, percentile: .p90, allowSynthetic: true))
        try await store.addArtifact(
            ArtifactRecord(
                id: String(repeating: "a", count: 64), variant: "lite0", precision: "fp32", sizeBytes: 10, origin: "synthetic:1",
                isSynthetic: true, publishedTop1: 75.1))
        try await store.enroll(
            DeviceRecord(
                id: "d1", name: "cam-1", fleetName: "demo", tokenHash: "t1", hardware: hardware, engineVersion: "0.1.0",
                latencyBudgetMs: 10, memoryBudgetMb: nil), credential: .enrollmentToken)
    }

    private func result(_ id: String, p90: Double = 9) -> BenchmarkResultRecord {
        BenchmarkResultRecord(
            id: id, deviceId: "d1", artifactId: String(repeating: "a", count: 64),
            figures: BenchmarkFigures(
                threads: 1, runs: 50, meanMs: 8, stdMs: 0.5,
                minMs: 7, p50Ms: 8, p90Ms: p90, p99Ms: 10, maxMs: 11, initMs: 20, firstMs: 12, peakRssMb: 60, engineVersion: "0.1.0"))
    }

    func testResultsAreStoredOnceAndPersistAcrossReopen() async throws {
        var store = try await openStore()
        try await seed(store)
        let firstPost = try await store.addResult(result("r1"))
        let retriedPost = try await store.addResult(result("r1", p90: 99))
        XCTAssertTrue(firstPost)
        XCTAssertFalse(retriedPost, "a retried post is acknowledged, not stored twice")
        try await store.addResult(result("r2"))
        store = try await openStore()
        let stored = try await store.results(deviceId: "d1")
        XCTAssertEqual(stored.map(\.id).sorted(), ["r1", "r2"])
        XCTAssertEqual(stored.first { $0.id == "r1" }?.p90Ms, 9)
    }

    func testConstraintsComeBackAsTypedErrorsAndLeaveDataIntact() async throws {
        let store = try await openStore()
        try await seed(store)
        await assertStoreError(.conflict) {
            try await store.createFleet(FleetRecord(name: "demo", enrollmentTokenHash: "x", latencyBudgetMs: 1, percentile: .p50))
        }
        await assertStoreError(.notFound) {
            try await store.enroll(
                DeviceRecord(
                    id: "d3", name: "x", fleetName: "nope", tokenHash: "t3", hardware: self.hardware, engineVersion: "0.1.0",
                    latencyBudgetMs: nil, memoryBudgetMb: nil), credential: .enrollmentToken)
        }
        var orphan = result("r9")
        orphan.artifactId = String(repeating: "b", count: 64)
        await assertStoreError(.notFound) { try await store.addResult(orphan) }
        let seenGhost = try await store.markSeen(["ghost": Date()])
        XCTAssertEqual(seenGhost, 0, "a heartbeat of an unknown device updates nothing")
        let devices = try await store.devices(fleet: "demo")
        XCTAssertEqual(devices.map(\.id), ["d1"])
        let results = try await store.results()
        XCTAssertTrue(results.isEmpty)
        let found = try await store.device(tokenHash: "t1")
        XCTAssertEqual(found?.hardwareClass, "x86_64/AMD EPYC/2c/1t/xnnpack")
        // The fleet's token cannot enroll the same name again; the device's own token can: it
        // rotates the token and keeps the device.
        let reenrollment = DeviceRecord(
            id: "d2", name: "cam-1", fleetName: "demo", tokenHash: "t2", hardware: hardware, engineVersion: "0.1.1", latencyBudgetMs: nil,
            memoryBudgetMb: nil)
        await assertStoreError(.forbidden) { try await store.enroll(reenrollment, credential: .enrollmentToken) }
        let again = try await store.enroll(reenrollment, credential: .deviceToken(hash: "t1"))
        XCTAssertEqual(again.device.id, "d1")
        XCTAssertFalse(again.isNew)
        let oldToken = try await store.device(tokenHash: "t1")
        XCTAssertNil(oldToken)
        let newToken = try await store.device(tokenHash: "t2")
        XCTAssertEqual(newToken?.engineVersion, "0.1.1")
        XCTAssertEqual(newToken?.latencyBudgetMs, 10, "budgets survive re-enrollment")
    }
}

/// ``RegistryStoreTests`` on PostgreSQL.
final class PostgresRegistryStoreTests: RegistryStoreTests {
    override class var database: StoreDatabase { .postgres }
    override func testResultsAreStoredOnceAndPersistAcrossReopen() async throws {
        try await super.testResultsAreStoredOnceAndPersistAcrossReopen()
    }
    override func testConstraintsComeBackAsTypedErrorsAndLeaveDataIntact() async throws {
        try await super.testConstraintsComeBackAsTypedErrorsAndLeaveDataIntact()
    }
}
