import Foundation
import GRDB

/// The registry's SQLite database: WAL journal, foreign keys on, schema migrated on open.
public struct RegistryDatabase: Sendable {
    /// The connection pool (one writer, concurrent readers).
    public let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    /// The file is readable by its owner only (0600; SQLite gives its -wal and -shm files the same
    /// mode): it holds the hashes of every token.
    public init(path: String) throws {
        try PrivateFile.restrict(path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // FULL: a commit has reached the disk (WAL fsynced) before a request is answered, so an
            // acknowledged write survives a power loss, not only a crash of this process. Result posts
            // are committed in groups (ResultCommitQueue), so a batch pays one fsync, not every post.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try RegistryMigrations.migrator.migrate(pool)
    }
}
