import Foundation
import Hummingbird
import Logging
import RegistryStore

extension Registry {
    /// How old a blob in the database must be before a sweep may remove it for having no artifact
    /// record: longer than any upload between storing its blob and writing its record, on any replica.
    static let orphanBlobAge: TimeInterval = 3600

    /// Removes blobs that no artifact record names: what an upload killed between storing its blob
    /// and writing its record leaves behind, in this replica's folder and (older than
    /// ``orphanBlobAge``) in the database. Run at start-up, before serving. Returns how many were
    /// removed.
    @discardableResult
    public func removeOrphanBlobs(logger: Logger, now: Date = Date()) async throws -> Int {
        let recorded = Set(try await store.artifacts().map(\.id))
        let orphans = blobs.digests().filter { !recorded.contains($0) }
        for digest in orphans {
            blobs.remove(digest)
            logger.notice("removed orphan blob \(digest): no artifact record names it")
        }
        let shared = try await sharedBlobs?.removeOrphanBlobs(storedBefore: now.addingTimeInterval(-Self.orphanBlobAge)) ?? []
        for digest in shared {
            logger.notice("removed orphan blob \(digest) from the database: no artifact record names it")
        }
        return orphans.count + shared.count
    }

    /// The path of an artifact's blob after checking that its bytes still hash to its id; a blob
    /// corrupted on disk is never served. With shared storage, a blob missing from this replica's
    /// cache or damaged there is first copied from the database (the copy is verified as it is
    /// written); a damaged copy in the database is removed, and the artifact must be pushed again.
    func intactBlobPath(artifactId: String, logger: Logger) async throws -> String {
        let path = try blobs.url(for: artifactId).path
        if try blobs.isIntact(artifactId) { return path }
        if let sharedBlobs, try await fillCache(artifactId, from: sharedBlobs, logger: logger) { return path }
        throw HTTPError(
            .internalServerError,
            message: "the registry's copy of artifact \(artifactId) is damaged (its sha256 no longer matches); "
                + "push the artifact again to repair it")
    }

    /// Copies a blob from the database into this replica's cache; returns whether it is there now.
    /// The writer checks the sha256 as it commits, so a filled blob needs no second reading.
    private func fillCache(_ digest: String, from shared: any SharedBlobStorage, logger: Logger) async throws -> Bool {
        // No size limit here: the blob passed the upload's limit when it was pushed.
        let writer = try blobs.makeWriter(limit: .max)
        do {
            try await shared.readBlob(sha256: digest, into: writer)
        } catch let error as StoreError where error.kind == .notFound {
            logger.error("blob \(digest) is in neither this replica's cache nor the database")
            return false
        }
        do {
            _ = try writer.commit(expectedSHA256: digest)
            logger.info("blob \(digest) copied from the database into this replica's cache")
            return true
        } catch {
            guard error.kind == .invalid else { throw error }
            logger.error("the database's copy of blob \(digest) is damaged and was removed: \(error.message)")
            try await shared.removeBlob(sha256: digest)
            return false
        }
    }

    /// Stores an uploaded blob where every replica finds it, before its artifact record is written.
    func share(blob digest: String) async throws {
        try await sharedBlobs?.storeBlob(sha256: digest, file: try blobs.url(for: digest))
    }

    /// Removes a deleted artifact's blob from this replica and from the database.
    func removeBlob(_ digest: String) async throws {
        blobs.remove(digest)
        try await sharedBlobs?.removeBlob(sha256: digest)
    }
}
