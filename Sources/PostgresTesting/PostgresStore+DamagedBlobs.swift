import Foundation
import PostgresNIO
import PostgresStore

extension PostgresStore {
    /// Flips a byte in the first chunk of a stored blob, as damage to the database's copy would.
    public func damageBlob(sha256: String) async throws {
        try await client.query(
            """
            UPDATE blob_chunk SET bytes = overlay(bytes PLACING '\\xff'::bytea FROM 100 FOR 1)
            WHERE sha256 = \(sha256) AND position = 0
            """)
    }

    /// The digests of the blobs stored in the database.
    public func blobDigests() async throws -> [String] {
        var digests: [String] = []
        for try await digest in try await client.query("SELECT sha256 FROM blob ORDER BY sha256").decode(String.self) {
            digests.append(digest)
        }
        return digests
    }
}
