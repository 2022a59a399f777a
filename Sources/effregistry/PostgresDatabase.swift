import Foundation
import Logging
import PostgresNIO
import PostgresStore
import RegistryStore

/// `serve --database postgres://…`: the registry's records in PostgreSQL.
enum PostgresDatabase {
    /// The environment variable holding the database password (never argv).
    static let passwordVariable = "EFF_DATABASE_PASSWORD"

    /// The password from `file` (its first line), else from ``passwordVariable``, else none.
    static func password(file: String?) throws -> String? {
        if let file {
            do {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            } catch {
                throw StoreError(.invalid, "--database-password-file \(file) cannot be read: \(error.localizedDescription)")
            }
        }
        return ProcessInfo.processInfo.environment[passwordVariable]
    }

    /// Runs the pool for `url`, migrates the schema and calls `body` with the store; the pool
    /// closes when `body` returns. Fails with one line when the database cannot be reached within
    /// `connectTimeout`.
    static func withStore<T: Sendable>(
        url: PostgresURL, password: String?, logger: Logger, connectTimeout: Duration = .seconds(30),
        _ body: @Sendable (PostgresStore) async throws -> T
    ) async throws -> T {
        try await checkConnection(url: url, password: password, logger: logger)
        var configuration = url.configuration(password: password)
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let store = PostgresStore(client: client, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await migrate(store, url: url, timeout: connectTimeout)
            logger.info("records in PostgreSQL at \(url)")
            return try await body(store)
        }
    }

    /// Connects once, so that an unreachable server or refused credentials end `serve` at once with
    /// the server's reason (a pool retries them silently).
    private static func checkConnection(url: PostgresURL, password: String?, logger: Logger) async throws {
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try url.connectionConfiguration(password: password), id: 0, logger: logger)
            try await connection.close()
        } catch {
            let reason: String
            if let error = error as? PSQLError {
                reason = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            } else {
                reason = "\(error)"
            }
            throw StoreError(.io, "database \(url) refused the connection: \(reason)")
        }
    }

    /// Migrates, or fails after `timeout` (the pool keeps retrying a server it cannot reach).
    private static func migrate(_ store: PostgresStore, url: PostgresURL, timeout: Duration) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await store.migrate()
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            defer { group.cancelAll() }
            guard try await group.next() == true else {
                throw StoreError(.io, "database \(url) not reachable within \(timeout)")
            }
        }
    }
}
