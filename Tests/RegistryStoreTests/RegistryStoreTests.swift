import EffFleetTesting
import FleetModel
import Foundation
import GRDB
import RegistryStore
import XCTest

/// The store on a real SQLite file: schema, constraints, idempotent results, persistence.
final class RegistryStoreTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("store")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func openStore() throws -> RegistryStore {
        RegistryStore(database: try RegistryDatabase(path: directory.appendingPathComponent("registry.sqlite").path))
    }

    private let hardware = HardwareReport(
        cpuModel: "AMD EPYC", cores: 2, memoryMb: 24_000, architecture: "x86_64", backend: "xnnpack", threads: 1)

    private func seed(_ store: RegistryStore) async throws {
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

    func testSchemaUsesWALAndForeignKeys() throws {
        let store = try openStore()
        try store.database.pool.read { db in
            XCTAssertEqual(try String.fetchOne(db, sql: "PRAGMA journal_mode"), "wal")
            XCTAssertEqual(try Int.fetchOne(db, sql: "PRAGMA foreign_keys"), 1)
            XCTAssertTrue(try db.tableExists("benchmarkResult"))
        }
    }

    func testResultsAreStoredOnceAndPersistAcrossReopen() async throws {
        var store = try openStore()
        try await seed(store)
        let firstPost = try await store.addResult(result("r1"))
        let retriedPost = try await store.addResult(result("r1", p90: 99))
        XCTAssertTrue(firstPost)
        XCTAssertFalse(retriedPost, "a retried post is acknowledged, not stored twice")
        try await store.addResult(result("r2"))
        store = try openStore()
        let stored = try await store.results(deviceId: "d1")
        XCTAssertEqual(stored.map(\.id).sorted(), ["r1", "r2"])
        XCTAssertEqual(stored.first { $0.id == "r1" }?.p90Ms, 9)
    }

    func testConstraintsComeBackAsTypedErrorsAndLeaveDataIntact() async throws {
        let store = try openStore()
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

    func testBlobsAreWholeOrAbsent() throws {
        let blobs = try BlobStore(root: directory.appendingPathComponent("blobs"))
        let payload = [UInt8]((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let writer = try blobs.makeWriter(limit: 1 << 20)
        for chunk in stride(from: 0, to: payload.count, by: 4096) {
            try payload[chunk..<min(chunk + 4096, payload.count)].withUnsafeBytes { try writer.write($0) }
        }
        let digest = try writer.commit()
        XCTAssertTrue(blobs.contains(digest))
        XCTAssertEqual(try Data(contentsOf: try blobs.url(for: digest)), Data(payload))
        XCTAssertEqual(try blobs.size(of: digest), payload.count)

        let wrong = try blobs.makeWriter(limit: 1 << 20)
        try payload.withUnsafeBytes { try wrong.write($0) }
        XCTAssertThrowsError(try wrong.commit(expectedSHA256: String(repeating: "0", count: 64)))
        let tooLarge = try blobs.makeWriter(limit: 10)
        XCTAssertThrowsError(try payload.withUnsafeBytes { try tooLarge.write($0) })
        let abandoned = try blobs.makeWriter(limit: 1 << 20)
        try payload.prefix(100).withUnsafeBytes { try abandoned.write($0) }
        abandoned.discard()
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("blobs/tmp").path)
        XCTAssertEqual(leftovers, [], "no partial blob is left behind")
        XCTAssertThrowsError(try blobs.url(for: "../../etc/passwd"))
    }

    private func assertStoreError(
        _ kind: StoreError.Kind, file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            XCTFail("expected a \(kind) error", file: file, line: line)
        } catch let error as StoreError {
            XCTAssertEqual(error.kind, kind, error.message, file: file, line: line)
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
    }
}
