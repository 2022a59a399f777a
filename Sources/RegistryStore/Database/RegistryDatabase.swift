import Foundation
import GRDB

/// The registry's SQLite database: WAL journal, foreign keys on, schema migrated on open.
public struct RegistryDatabase: Sendable {
    /// The connection pool (one writer, concurrent readers).
    public let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try RegistryMigrations.migrator.migrate(pool)
    }
}
