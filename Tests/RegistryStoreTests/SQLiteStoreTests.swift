import EffFleetTesting
import FleetModel
import Foundation
import GRDB
import RegistryStore
import XCTest

/// What only the SQLite store has: its pragmas, its GRDB migrations, and the blob store's files.
final class SQLiteStoreTests: XCTestCase {
    private var directory: URL!
    private let artifactID = String(repeating: "a", count: 64)

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("sqlite-store")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func openStore() throws -> RegistryStore {
        RegistryStore(database: try RegistryDatabase(path: directory.appendingPathComponent("registry.sqlite").path))
    }

    /// Fleet `demo`, device `d1`, one artifact, and the pair's pending job.
    private func seededStore() async throws -> (RegistryStore, BenchmarkJobRecord) {
        let store = try openStore()
        return (store, try await store.seedOneDevice(artifactID: artifactID))
    }

    func testSchemaUsesWALAndForeignKeys() throws {
        let store = try openStore()
        try store.database.pool.read { db in
            XCTAssertEqual(try String.fetchOne(db, sql: "PRAGMA journal_mode"), "wal")
            XCTAssertEqual(try Int.fetchOne(db, sql: "PRAGMA foreign_keys"), 1)
            XCTAssertTrue(try db.tableExists("benchmarkResult"))
        }
    }

    func testJobsFailedBeforeRetriesExistedAreOfferedAgainAsTheirFirstAttempt() async throws {
        let (store, job) = try await seededStore()
        // Put the database back to the schema before retries, with the job failed as it was then.
        try await store.database.pool.write { db in
            try db.execute(sql: "UPDATE benchmarkJob SET state = 'failed', error = 'old failure'")
            try db.execute(sql: "ALTER TABLE benchmarkJob DROP COLUMN attempts")
            try db.execute(sql: "ALTER TABLE benchmarkJob DROP COLUMN retryAfter")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%'")
        }
        let reopened = try openStore()
        let offered = try await reopened.jobs(deviceId: "d1", offeredAt: Date())
        let migrated = try XCTUnwrap(offered.first?.job)
        XCTAssertEqual(migrated.id, job.id)
        XCTAssertEqual(migrated.state, .pending)
        XCTAssertEqual(migrated.attempts, 1)
        XCTAssertEqual(migrated.error, "old failure")
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
}
