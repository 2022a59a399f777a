import Foundation
import Logging
import PostgresNIO
import PostgresStore

/// A database of its own for one test, on the PostgreSQL server that `scripts/test` starts
/// (`scripts/postgres-cluster`), whose URL is in `EFF_POSTGRES_URL`. Created empty, dropped by
/// ``drop()``.
public final class PostgresTestDatabase: Sendable {
    /// The variable naming the test server.
    public static let environmentVariable = "EFF_POSTGRES_URL"

    /// Why PostgreSQL tests cannot run here, or nil when a server is configured.
    public static var unavailableReason: String? {
        ProcessInfo.processInfo.environment[environmentVariable] == nil
            ? "\(environmentVariable) is not set: scripts/test starts a private PostgreSQL server (scripts/postgres-cluster) and sets it"
            : nil
    }

    /// The fresh database's URL (no password: the test server trusts loopback).
    public let url: PostgresURL
    private let server: PostgresURL

    private init(server: PostgresURL, url: PostgresURL) {
        self.server = server
        self.url = url
    }

    /// Creates an empty database named after `label` and a random suffix.
    public static func create(label: String = "test") async throws -> PostgresTestDatabase {
        guard let text = ProcessInfo.processInfo.environment[environmentVariable] else {
            throw PostgresTestError(unavailableReason ?? environmentVariable)
        }
        let server = try PostgresURL(text)
        let safeLabel = label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(20)
        let name = "eff_\(safeLabel)_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))"
        try await Self.withClient(server) { client in
            // Identifiers cannot be bound; `name` is letters, digits and underscores only.
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        return PostgresTestDatabase(server: server, url: server.with(database: name))
    }

    /// A store on this database (migrated unless `migrated` is false) with a client (a pool) of its
    /// own, as one registry replica has; the client runs until ``RunningPostgresStore/close()``.
    public func openStore(maximumConnections: Int = 8, migrated: Bool = true) async throws -> RunningPostgresStore {
        var configuration = url.configuration(password: nil)
        configuration.options.maximumConnections = maximumConnections
        let running = RunningPostgresStore(client: PostgresClient(configuration: configuration))
        if migrated { try await running.store.migrate() }
        return running
    }

    /// A role that logs in with `password` (the test server asks every role but its superuser for
    /// one) and owns this database; returns this database's URL for it. Dropped with the database.
    public func owner(password: String) async throws -> PostgresURL {
        let role = url.database + "_owner"
        try await Self.withClient(server) { client in
            // Identifiers and the password literal cannot be bound in DDL; the role is letters, digits
            // and underscores, and the password is checked to be the same.
            guard password.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw PostgresTestError("a test password is letters, digits and dashes")
            }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) LOGIN PASSWORD '\(password)'"))
            try await client.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(url.database) OWNER TO \(role)"))
        }
        var owned = url
        owned.user = role
        return owned
    }

    /// Drops the database (closing any session still on it) and its owner role, if any.
    public func drop() async throws {
        let name = url.database
        try await Self.withClient(server) { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
            try await client.query(PostgresQuery(unsafeSQL: "DROP ROLE IF EXISTS \(name)_owner"))
        }
    }

    private static func withClient(_ url: PostgresURL, _ body: (PostgresClient) async throws -> Void) async throws {
        let client = PostgresClient(configuration: url.configuration(password: nil))
        let run = Task { await client.run() }
        defer { run.cancel() }
        try await body(client)
    }
}

/// A ``PostgresStore/PostgresStore`` whose client runs in a task of its own until closed.
public final class RunningPostgresStore: Sendable {
    public let store: PostgresStore
    private let run: Task<Void, Never>

    init(client: PostgresClient) {
        store = PostgresStore(client: client)
        run = Task { await client.run() }
    }

    /// Stops the client: its connections close.
    public func close() async {
        run.cancel()
        await run.value
    }
}

/// A PostgreSQL test could not get its database.
public struct PostgresTestError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
