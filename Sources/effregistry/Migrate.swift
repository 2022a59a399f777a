import ArgumentParser
import EffCore
import Foundation
import Logging
import PostgresStore
import RegistryStore

extension EffRegistry {
    /// `effregistry migrate --from DIR --to postgres://…`: an SQLite registry's records into an
    /// empty PostgreSQL database, verified table by table.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy an SQLite registry's records and blobs into an empty PostgreSQL database and verify counts and hashes.",
            discussion: "The admin token stays in DIR/admin.token: give every replica a copy of it in its own --data folder.")

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
            let blobs = try BlobStore(root: URL(fileURLWithPath: from, isDirectory: true).appendingPathComponent("blobs"))
            let live = export.artifacts.filter { $0.deletedAt == nil }.map(\.id)
            for digest in live where try !blobs.isIntact(digest) {
                throw StoreError(.invalid, "the blob of artifact \(digest) is missing or damaged in \(from)/blobs: push it again first")
            }
            var logger = Logger(label: "effregistry")
            logger.logLevel = .warning
            let (copied, verified) = try await PostgresDatabase.withStore(url: url, password: password, logger: logger) { store in
                try await store.importRecords(export)
                for digest in live {
                    try await store.storeBlob(sha256: digest, file: try blobs.url(for: digest))
                }
                return (try await store.recordCounts(), try await Self.verify(blobs: live, in: store))
            }
            let expected = export.counts
            for table in expected.keys.sorted() {
                print("\(table): \(expected[table] ?? 0) → \(copied[table] ?? 0)")
            }
            guard copied == expected else {
                throw StoreError(.io, "the copy does not match the source: \(copied) instead of \(expected)")
            }
            print("blobs: \(live.count) → \(verified) (sha256 verified)")
            let records = expected.values.reduce(0, +)
            print(
                "migrated \(records) records and \(verified.counted("blob")) to \(url); "
                    + "serve with: effregistry serve --data \(from) --database '\(url)'")
        }

        /// Reads every copied blob back from the database into a scratch folder, which checks its
        /// sha256; returns how many matched.
        private static func verify(blobs digests: [String], in store: PostgresStore) async throws -> Int {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("effregistry-migrate-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let copies = try BlobStore(root: scratch)
            for digest in digests {
                let writer = try copies.makeWriter(limit: .max)
                try await store.readBlob(sha256: digest, into: writer)
                _ = try writer.commit(expectedSHA256: digest)
                copies.remove(digest)
            }
            return digests.count
        }
    }
}
