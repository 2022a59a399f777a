import PostgresNIO
import PostgresStore
import RegistryStore
import XCTest

/// The PostgreSQL schema's versions: applied once (replicas starting together included), recorded,
/// and a database a newer registry migrated is refused.
final class PostgresMigrationTests: StoreTestCase {
    override class var database: StoreDatabase { .postgres }

    func testReplicasStartingTogetherMigrateOnceAndANewerSchemaIsRefused() async throws {
        var replicas: [PostgresStore] = []
        for _ in 0..<4 { replicas.append(try await openPostgresStore(migrated: false)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for replica in replicas { group.addTask { try await replica.migrate() } }
            try await group.waitForAll()
        }
        let store = replicas[0]
        let versions = try await store.client.query("SELECT version FROM schema_migrations ORDER BY version")
        var applied: [Int] = []
        for try await version in versions.decode(Int.self) { applied.append(version) }
        XCTAssertEqual(applied, [1, 2], "each migration once")

        try await store.client.query("INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')")
        await assertStoreError(.invalid) { try await store.migrate() }
    }
}
