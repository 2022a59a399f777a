import Foundation

/// Files only their owner may read: the database, its backups, tokens.
public enum PrivateFile {
    /// Creates `path` empty with mode 0600 if it does not exist, and sets 0600 on it if it does.
    public static func restrict(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError(.io, "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { throw StoreError(.io, "cannot restrict \(path) to its owner") }
    }
}
