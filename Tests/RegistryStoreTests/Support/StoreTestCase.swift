import EffFleetTesting
import Foundation
import PostgresStore
import PostgresTesting
import RegistryStore
import XCTest

/// The database a store test runs against.
enum StoreDatabase {
    case sqlite
    case postgres
}

/// A test of the ``FleetStore`` contract: its tests run on SQLite; a subclass that overrides
/// ``database`` with `.postgres` (and forwards each test, for Linux's test discovery) runs the same
/// tests on a fresh PostgreSQL database of its own, or skips when no server is configured.
class StoreTestCase: XCTestCase {
    class var database: StoreDatabase { .sqlite }

    private(set) var directory: URL!
    private var postgres: PostgresTestDatabase?
    private var openStores: [RunningPostgresStore] = []

    override func setUp() async throws {
        try await super.setUp()
        directory = try Fixtures.temporaryDirectory("store")
        if Self.database == .postgres {
            if let reason = PostgresTestDatabase.unavailableReason { throw XCTSkip(reason) }
            postgres = try await PostgresTestDatabase.create(label: String(describing: Self.self))
        }
    }

    override func tearDown() async throws {
        for store in openStores { await store.close() }
        openStores = []
        try await postgres?.drop()
        if let directory { try? FileManager.default.removeItem(at: directory) }
        try await super.tearDown()
    }

    /// The store on this test's database; opening it again reopens the same data (a new SQLite
    /// connection pool, or a new PostgreSQL client).
    func openStore() async throws -> any FleetStore {
        switch Self.database {
        case .sqlite:
            return RegistryStore(database: try RegistryDatabase(path: directory.appendingPathComponent("registry.sqlite").path))
        case .postgres:
            return try await openPostgresStore()
        }
    }

    /// Another PostgreSQL store on this test's database with a pool of its own: another replica
    /// (that has not migrated the schema yet unless `migrated`).
    func openPostgresStore(migrated: Bool = true) async throws -> PostgresStore {
        guard let postgres else { throw XCTSkip("a PostgreSQL-only test") }
        let running = try await postgres.openStore(migrated: migrated)
        openStores.append(running)
        return running.store
    }

    func assertStoreError(
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
