#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few path operations a download needs, with failures as ``HTTPClientError/fileSystem(operation:path:errno:)``.
enum FileSystem {
    /// The error for a failed call, from the current `errno`.
    static func error(_ operation: String, _ path: String) -> HTTPClientError {
        .fileSystem(operation: operation, path: path, errno: errno)
    }

    /// The size of the file at `path`, or `nil` if there is none.
    static func size(of path: String) throws(HTTPClientError) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ENOENT else {
                throw error("stat", path)
            }
            return nil
        }
        return Int(info.st_size)
    }

    /// Removes the file at `path`, if any.
    static func remove(_ path: String) throws(HTTPClientError) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw error("unlink", path)
        }
    }

    /// Replaces `destination` by `source` in one step, then makes the rename durable.
    static func move(_ source: String, to destination: String) throws(HTTPClientError) {
        guard rename(source, destination) == 0 else {
            throw error("rename", destination)
        }
        let directory = try FileDescriptor(path: self.directory(of: destination), flags: O_RDONLY | O_DIRECTORY)
        try directory.sync()
    }

    /// The bytes an unprivileged process may still write on the file system holding `directory`.
    static func availableBytes(in directory: String) throws(HTTPClientError) -> Int {
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else {
            throw error("statvfs", directory)
        }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// Throws ``HTTPClientError/insufficientDiskSpace(needed:available:)`` unless `needed` bytes fit in `directory`.
    static func ensureSpace(_ needed: Int, in directory: String) throws(HTTPClientError) {
        let available = try availableBytes(in: directory)
        guard needed <= available else {
            throw .insufficientDiskSpace(needed: needed, available: available)
        }
    }

    /// The folder part of `path`: `"."` for a bare name, `"/"` for a file at the root.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else {
            return "."
        }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
