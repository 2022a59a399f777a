import Foundation
import Hummingbird
import Logging
import RegistryStore

extension Registry {
    /// Removes blobs that no artifact record names: what an upload killed between renaming its
    /// blob into place and writing its record leaves behind. Run at start-up, before serving, so no
    /// upload is in flight. Returns how many were removed.
    @discardableResult
    public func removeOrphanBlobs(logger: Logger) async throws -> Int {
        let recorded = Set(try await store.artifacts().map(\.id))
        let orphans = blobs.digests().filter { !recorded.contains($0) }
        for digest in orphans {
            blobs.remove(digest)
            logger.notice("removed orphan blob \(digest): no artifact record names it")
        }
        return orphans.count
    }

    /// The path of an artifact's blob after checking that its bytes still hash to its id. A blob
    /// corrupted on disk is never served: 500 until the artifact is pushed again, which replaces it.
    func intactBlobPath(artifactId: String) throws -> String {
        guard try blobs.isIntact(artifactId) else {
            throw HTTPError(
                .internalServerError,
                message: "the registry's copy of artifact \(artifactId) is damaged (its sha256 no longer matches); "
                    + "push the artifact again to repair it")
        }
        return try blobs.url(for: artifactId).path
    }
}
