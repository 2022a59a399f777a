import ArgumentParser
import Foundation
import Logging
import PostgresStore
import RegistryStore

extension EffRegistry {
    /// `effregistry migrate --from DIR --to postgres://…`: an SQLite registry's records into an
    /// empty PostgreSQL database, verified table by table.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy an SQLite registry's records (DIR/registry.sqlite) into an empty PostgreSQL database and verify the counts.",
            discussion: "Blobs and the admin token stay in DIR: serve the migrated registry with --data DIR --database URL.")

        @Option(help: "Data folder of the SQLite registry (stopped, or serving: the copy is one consistent read).") var from: String
        @Option(help: "The PostgreSQL database: postgres://USER@HOST:PORT/DATABASE (empty; its schema is created).") var to: String
        @Option(
            name: .customLong("database-password-file"),
            help: "File whose first line is the database password (else EFF_DATABASE_PASSWORD).")
        var databasePasswordFile: String?

        func run() async throws {
            let path = URL(fileURLWithPath: from, isDirectory: true).appendingPathComponent("registry.sqlite").path
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError(.notFound, "no SQLite registry at \(path)")
            }
            let url = try PostgresURL(to)
            let password = try PostgresDatabase.password(file: databasePasswordFile)
            let export = try await RegistryStore(database: try RegistryDatabase(path: path)).exportAll()
            var logger = Logger(label: "effregistry")
            logger.logLevel = .warning
            let copied = try await PostgresDatabase.withStore(url: url, password: password, logger: logger) { store in
                try await store.importRecords(export)
                return try await store.recordCounts()
            }
            let expected = export.counts
            for table in expected.keys.sorted() {
                print("\(table): \(expected[table] ?? 0) → \(copied[table] ?? 0)")
            }
            guard copied == expected else {
                throw StoreError(.io, "the copy does not match the source: \(copied) instead of \(expected)")
            }
            let records = expected.values.reduce(0, +)
            print("migrated \(records) records to \(url); serve with: effregistry serve --data \(from) --database '\(url)'")
        }
    }
}
