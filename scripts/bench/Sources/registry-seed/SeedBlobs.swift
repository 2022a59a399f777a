import Foundation
import RegistryStore

/// The seeded artifacts' blobs: artifact N's bytes are `seed-artifact:N`, whose sha256 is its id
/// (``SeedFleet/artifactID(_:)``), so that a seeded registry holds every blob its records name, as
/// `effregistry migrate` requires. Planning and the device write paths never read them.
enum SeedBlobs {
    /// Writes the blobs of artifacts `0..<count` into `dataDirectory/blobs` (those already intact are kept).
    static func write(count: Int, into dataDirectory: URL) throws {
        let store = try BlobStore(root: dataDirectory.appendingPathComponent("blobs", isDirectory: true))
        for position in 0..<count {
            let id = SeedFleet.artifactID(position)
            guard try !store.isIntact(id) else { continue }
            let writer = try store.makeWriter(limit: 1 << 10)
            try Data("seed-artifact:\(position)".utf8).withUnsafeBytes { bytes in try writer.write(bytes) }
            _ = try writer.commit(expectedSHA256: id)
        }
    }
}
