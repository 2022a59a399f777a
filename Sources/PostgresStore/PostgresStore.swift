import FleetModel
import Foundation
import Logging
import PostgresNIO
import RegistryStore

/// The registry's records in PostgreSQL: the same ``RegistryStore/FleetStore`` as the SQLite
/// ``RegistryStore/RegistryStore``, for several registry processes (replicas) on one database.
///
/// Every method is one transaction on a connection of `client`, with the same results, ordering
/// and ``RegistryStore/StoreError``s as the SQLite store. Transactions that may judge a rollout
/// stage lock the deployment's row first (`SELECT … FOR UPDATE`), so that exactly one transaction,
/// on any replica, judges each stage. Transactions that PostgreSQL aborts for a deadlock or a
/// serialization failure are run again.
///
/// The caller runs `client` (``PostgresNIO/PostgresClient/run()``, or as a service of its service
/// group) and calls ``migrate()`` once before serving.
public struct PostgresStore: Sendable {
    /// The connection pool.
    public let client: PostgresClient
    let logger: Logger
    /// How many times a transaction aborted by a deadlock or a serialization failure is tried.
    static let maximumAttempts = 5

    public init(client: PostgresClient, logger: Logger = Logger(label: "eff.postgres-store")) {
        self.client = client
        self.logger = logger
    }

    /// Brings the schema to the current version (see ``PostgresMigrations``).
    public func migrate() async throws {
        try await PostgresMigrations.migrate(client: client, logger: logger)
    }

    // MARK: Transactions

    /// Runs `body` in a read-only transaction that sees one snapshot of the database.
    func read<T: Sendable>(_ body: (PostgresTransaction) async throws -> T) async throws -> T {
        try await transaction(readOnly: true, body)
    }

    /// Runs `body` in a read-write transaction, again if PostgreSQL aborted it for a deadlock or a
    /// serialization failure.
    func write<T: Sendable>(_ body: (PostgresTransaction) async throws -> T) async throws -> T {
        try await transaction(readOnly: false, body)
    }

    private func transaction<T: Sendable>(readOnly: Bool, _ body: (PostgresTransaction) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await client.withTransaction(logger: logger) { connection in
                    let transaction = PostgresTransaction(connection: connection, logger: logger)
                    if readOnly { try await transaction.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY") }
                    return try await body(transaction)
                }
            } catch {
                let failure = StoreFailure(error)
                if failure.isRetryable, attempt < Self.maximumAttempts {
                    attempt += 1
                    continue
                }
                throw failure.storeError(readOnly ? "database read failed" : "database write failed")
            }
        }
    }
}
