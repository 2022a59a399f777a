import Foundation

/// Artifact blobs kept in the database itself, so that every registry replica on that database can
/// serve every artifact. Each replica keeps a local ``BlobStore`` as a cache keyed by sha256: it is
/// filled from here (through a ``BlobWriter``, which verifies the digest) the first time the replica
/// serves a blob it does not hold. The SQLite registry has no shared storage: its ``BlobStore`` is
/// the only copy.
public protocol SharedBlobStorage: Sendable {
    /// Stores the bytes of `file` under `sha256`, in one transaction, unless a blob of that digest
    /// is already stored. The caller has verified the digest.
    func storeBlob(sha256: String, file: URL) async throws

    /// Whether a blob of that digest is stored.
    func containsBlob(sha256: String) async throws -> Bool

    /// Writes the stored blob into `writer`, in order, without committing it; throws
    /// ``StoreError`` `.notFound` when no blob of that digest is stored.
    func readBlob(sha256: String, into writer: BlobWriter) async throws

    /// Removes the stored blob, if any (a deleted artifact, or a copy found damaged).
    func removeBlob(sha256: String) async throws

    /// Removes stored blobs that no artifact names and that were stored before `before` (what an
    /// upload that died between storing its blob and its record leaves); returns their digests.
    func removeOrphanBlobs(storedBefore before: Date) async throws -> [String]
}
