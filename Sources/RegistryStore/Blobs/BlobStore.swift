import Crypto
import EffCore
import Foundation

/// Content-addressed files: `root/sha256/ab/abcdef…`. Writes go to `root/tmp`, are hashed while
/// streaming, synced, and renamed into place, so a blob is either whole or absent.
public struct BlobStore: Sendable {
    public let root: URL

    /// Creates the folders under `root` and removes leftovers of interrupted writes.
    public init(root: URL) throws {
        self.root = root
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("sha256"), withIntermediateDirectories: true)
        let temporary = root.appendingPathComponent("tmp")
        try? manager.removeItem(at: temporary)
        try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
    }

    /// Where the blob with this digest lives (whether or not it exists).
    public func url(for sha256: String) throws(StoreError) -> URL {
        guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw StoreError(.invalid, "'\(sha256)' is not a lower-case hex sha256")
        }
        return root.appendingPathComponent("sha256/\(sha256.prefix(2))/\(sha256)")
    }

    /// Whether the blob is stored.
    public func contains(_ sha256: String) -> Bool {
        guard let url = try? url(for: sha256) else { return false }
        return FileManager.default.fileExists(atPath: url.path)
    }

    /// Size in bytes of a stored blob.
    public func size(of sha256: String) throws(StoreError) -> Int {
        let url = try url(for: sha256)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path), let size = attributes[.size] as? Int else {
            throw StoreError(.notFound, "no blob \(sha256)")
        }
        return size
    }

    /// Deletes a stored blob (for blobs that turned out not to be valid artifacts).
    public func remove(_ sha256: String) {
        guard let url = try? url(for: sha256) else { return }
        try? FileManager.default.removeItem(at: url)
    }

    /// The digests of every stored blob.
    public func digests() -> [String] {
        let folder = root.appendingPathComponent("sha256")
        let prefixes = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return prefixes.flatMap { prefix in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(prefix).path)) ?? [])
                .filter { (try? url(for: $0)) != nil && $0.hasPrefix(prefix) }
        }
    }

    /// Whether the stored bytes still hash to `sha256` (false for a missing blob). Reads the whole
    /// file: about 15 ms for a 20 MB artifact here.
    public func isIntact(_ sha256: String) throws(StoreError) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: try url(for: sha256)) else { return false }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { throw StoreError(.io, "cannot read blob \(sha256): \(error)") }
            guard let chunk, !chunk.isEmpty else { break }  // nil or empty at the end of the file
            hasher.update(data: chunk)
        }
        return hasher.finalize().hexString == sha256
    }

    /// A writer for a new blob.
    public func makeWriter(limit: Int) throws(StoreError) -> BlobWriter {
        try BlobWriter(store: self, temporary: root.appendingPathComponent("tmp/\(UUID().uuidString)"), limit: limit)
    }
}
