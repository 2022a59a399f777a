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
}
