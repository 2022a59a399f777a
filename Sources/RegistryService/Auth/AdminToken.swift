import Foundation

/// The operators' token: created on first start in the data folder with mode 0600.
public enum AdminToken {
    /// Reads `dataDirectory/admin.token`, creating it if it does not exist.
    public static func loadOrCreate(in dataDirectory: URL) throws -> String {
        let url = dataDirectory.appendingPathComponent("admin.token")
        if let existing = try? String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !existing.isEmpty {
            return existing
        }
        let token = Token.generate()
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw RegistryError.internal("cannot create \(url.path)") }
        defer { close(descriptor) }
        let bytes = Array((token + "\n").utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw RegistryError.internal("cannot write \(url.path)")
        }
        return token
    }

    /// Replaces the token with a new one (written to a temporary file with mode 0600, synced and
    /// renamed over the old one). A running registry uses the new one within a second (``AdminTokenFile``).
    public static func rotate(in dataDirectory: URL) throws -> String {
        let url = dataDirectory.appendingPathComponent("admin.token")
        let temporary = dataDirectory.appendingPathComponent(".admin.token.\(UUID().uuidString)")
        let token = Token.generate()
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw RegistryError.internal("cannot create \(temporary.path)") }
        let bytes = Array((token + "\n").utf8)
        let written = write(descriptor, bytes, bytes.count) == bytes.count && fsync(descriptor) == 0
        close(descriptor)
        guard written, rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw RegistryError.internal("cannot replace \(url.path)")
        }
        return token
    }
}
