import Logging
import PostgresNIO

/// A connection inside an open transaction, with the few ways the store runs statements.
struct PostgresTransaction {
    let connection: PostgresConnection
    let logger: Logger

    private func fetch(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// Every row of `query`, for decoding by column name.
    func all(_ query: PostgresQuery) async throws -> [RowValues] {
        try await fetch(query).map { RowValues($0) }
    }

    /// The first row of `query`, if any.
    func row(_ query: PostgresQuery) async throws -> RowValues? {
        try await fetch(query).first.map { RowValues($0) }
    }

    /// Whether `query` returns a row.
    func exists(_ query: PostgresQuery) async throws -> Bool {
        try await !fetch(query).isEmpty
    }

    /// Runs a statement; returns how many rows it returned (with `RETURNING`, how many it changed).
    @discardableResult
    func execute(_ query: PostgresQuery) async throws -> Int {
        try await fetch(query).count
    }
}
