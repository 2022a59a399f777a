import Foundation
import PostgresNIO
import RegistryStore

/// Artifact blobs in PostgreSQL (`blob`, `blob_chunk`): every replica on the database can serve
/// every artifact, filling its local cache from here.
extension PostgresStore: SharedBlobStorage {
    /// Bytes per `blob_chunk` row: small enough to stream without holding a blob in memory, large
    /// enough that a 60 MB artifact is 60 rows.
    static let blobChunkSize = 1 << 20

    public func storeBlob(sha256: String, file: URL) async throws {
        try await write { db in
            // Replicas storing the same blob at once take turns; the second finds it stored.
            try await db.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(sha256), 0))")
            guard try await !db.exists("SELECT 1 FROM blob WHERE sha256 = \(sha256)") else { return }
            guard let handle = try? FileHandle(forReadingFrom: file) else { throw StoreError(.io, "cannot read blob \(sha256)") }
            defer { try? handle.close() }
            var position = 0
            var size = 0
            while let chunk = try handle.read(upToCount: Self.blobChunkSize), !chunk.isEmpty {
                try await db.execute("INSERT INTO blob_chunk (sha256, position, bytes) VALUES (\(sha256), \(position), \(chunk))")
                position += 1
                size += chunk.count
            }
            try await db.execute("INSERT INTO blob (sha256, size_bytes, chunks) VALUES (\(sha256), \(size), \(position))")
        }
    }

    public func containsBlob(sha256: String) async throws -> Bool {
        try await read { db in try await db.exists("SELECT 1 FROM blob WHERE sha256 = \(sha256)") }
    }

    public func readBlob(sha256: String, into writer: BlobWriter) async throws {
        do {
            // One statement, so one snapshot: a blob removed meanwhile is read whole or not at all.
            // Rows stream with back-pressure; only a chunk at a time is in memory.
            let chunks = try await client.withConnection { connection in
                let rows = try await connection.query(
                    """
                    SELECT chunk.bytes FROM blob JOIN blob_chunk chunk USING (sha256)
                    WHERE blob.sha256 = \(sha256) ORDER BY chunk.position
                    """, logger: logger)
                var count = 0
                for try await bytes in rows.decode(Data.self) {
                    try bytes.withUnsafeBytes { try writer.write($0) }
                    count += 1
                }
                return count
            }
            guard chunks > 0 else { throw StoreError(.notFound, "no blob \(sha256) in the database") }
        } catch {
            throw StoreFailure(error).storeError("cannot read blob \(sha256) from the database")
        }
    }

    public func removeBlob(sha256: String) async throws {
        try await write { db in
            try await db.execute("DELETE FROM blob WHERE sha256 = \(sha256)")
            try await db.execute("DELETE FROM blob_chunk WHERE sha256 = \(sha256)")
        }
    }

    public func removeOrphanBlobs(storedBefore before: Date) async throws -> [String] {
        try await write { db in
            let removed = try await db.all(
                """
                DELETE FROM blob WHERE stored_at < \(before)
                AND NOT EXISTS (SELECT 1 FROM artifact WHERE artifact.id = blob.sha256 AND artifact.deleted_at IS NULL)
                RETURNING sha256
                """
            ).map { try $0("sha256", as: String.self) }
            if !removed.isEmpty { try await db.execute("DELETE FROM blob_chunk WHERE sha256 = ANY(\(removed))") }
            return removed.sorted()
        }
    }
}
