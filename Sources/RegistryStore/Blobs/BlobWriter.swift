import Crypto
import EffCore
import Foundation

/// Streams one blob to a temporary file while hashing it; ``commit(expectedSHA256:)`` moves it
/// into the store under its digest (replacing a stored copy that is no longer intact),
/// ``discard()`` removes it.
public final class BlobWriter {
    private let store: BlobStore
    private let temporary: URL
    private let handle: FileHandle
    private let limit: Int
    private var hasher = SHA256()
    public private(set) var size = 0
    private var isOpen = true

    init(store: BlobStore, temporary: URL, limit: Int) throws(StoreError) {
        self.store = store
        self.temporary = temporary
        self.limit = limit
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: temporary)
        else { throw StoreError(.io, "cannot create \(temporary.path)") }
        self.handle = handle
    }

    deinit {
        if isOpen { discard() }
    }

    /// Appends bytes; fails (and discards) past the size limit.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(StoreError) {
        guard size + bytes.count <= limit else {
            discard()
            throw StoreError(.invalid, "blob is larger than the limit of \(limit) bytes")
        }
        hasher.update(bufferPointer: bytes)
        size += bytes.count
        do {
            try handle.write(contentsOf: Data(bytes))
        } catch {
            discard()
            throw StoreError(.io, "cannot write blob: \(error)")
        }
    }

    /// Syncs and renames the blob into place; returns its digest. With `expectedSHA256`, a
    /// different digest discards the blob and fails.
    public func commit(expectedSHA256: String? = nil) throws(StoreError) -> String {
        let digest = hasher.finalize().hexString
        if let expectedSHA256, expectedSHA256 != digest {
            discard()
            throw StoreError(.invalid, "blob sha256 is \(digest), expected \(expectedSHA256)")
        }
        do {
            try handle.synchronize()
            try handle.close()
            isOpen = false
            let destination = try store.url(for: digest)
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            // A stored blob whose bytes no longer match its name (corrupted on disk) is replaced.
            if FileManager.default.fileExists(atPath: destination.path), try store.isIntact(digest) {
                try FileManager.default.removeItem(at: temporary)
            } else {
                guard rename(temporary.path, destination.path) == 0 else { throw StoreError(.io, "cannot move blob into place") }
            }
        } catch let error as StoreError {
            discard()
            throw error
        } catch {
            discard()
            throw StoreError(.io, "cannot store blob: \(error)")
        }
        return digest
    }

    /// Drops the partial blob.
    public func discard() {
        if isOpen { try? handle.close() }
        isOpen = false
        try? FileManager.default.removeItem(at: temporary)
    }
}
