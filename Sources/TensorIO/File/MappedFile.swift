#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file. The mapping lives as long as this object.
public final class MappedFile: @unchecked Sendable {
    // Sendable: the mapping is read-only and never changes after init.
    public let path: String
    public let count: Int
    private let base: UnsafeMutableRawPointer?

    /// Maps `path` read-only.
    public init(path: String) throws(FileError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: path, errno: errno, action: "open") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileError(path: path, errno: errno, action: "stat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw FileError(path: path, message: "not a regular file") }
        count = Int(info.st_size)
        if count == 0 {
            base = nil
            return
        }
        let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else { throw FileError(path: path, errno: errno, action: "mmap") }
        base = address
    }

    deinit {
        if let base { munmap(base, count) }
    }

    /// The file's bytes; valid while this object is alive.
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: count)
    }
}
