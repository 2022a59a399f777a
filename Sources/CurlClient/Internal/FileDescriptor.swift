#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file, closed when the value goes away. Each failure becomes ``HTTPClientError/fileSystem(operation:path:errno:)``.
struct FileDescriptor: ~Copyable {
    let path: String
    private let fd: Int32

    /// Opens `path` with `open(2)` flags; files it creates get mode 0644.
    init(path: String, flags: Int32) throws(HTTPClientError) {
        let fd = open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FileSystem.error("open", path)
        }
        self.path = path
        self.fd = fd
    }

    deinit {
        close(self.fd)
    }

    /// Writes all of `bytes` at the current offset.
    func write(_ bytes: UnsafeRawBufferPointer) throws(HTTPClientError) {
        var rest = bytes
        while let base = rest.baseAddress, !rest.isEmpty {
            let written = Self.retryingInterrupts { unistdWrite(self.fd, base, rest.count) }
            guard written > 0 else {
                throw FileSystem.error("write", self.path)
            }
            rest = UnsafeRawBufferPointer(rebasing: rest[written...])
        }
    }

    /// Reads up to `buffer.count` bytes at the current offset; 0 means the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(HTTPClientError) -> Int {
        let count = Self.retryingInterrupts { unistdRead(self.fd, buffer.baseAddress, buffer.count) }
        guard count >= 0 else {
            throw FileSystem.error("read", self.path)
        }
        return count
    }

    /// Empties the file and moves the offset to its start.
    func truncate() throws(HTTPClientError) {
        guard ftruncate(self.fd, 0) == 0, lseek(self.fd, 0, SEEK_SET) == 0 else {
            throw FileSystem.error("truncate", self.path)
        }
    }

    /// Moves the offset to the end of the file.
    func seekToEnd() throws(HTTPClientError) {
        guard lseek(self.fd, 0, SEEK_END) >= 0 else {
            throw FileSystem.error("lseek", self.path)
        }
    }

    /// Flushes the file's data to the storage device (`fsync(2)`).
    func sync() throws(HTTPClientError) {
        guard fsync(self.fd) == 0 else {
            throw FileSystem.error("fsync", self.path)
        }
    }

    private static func retryingInterrupts(_ call: () -> Int) -> Int {
        var result = call()
        while result < 0 && errno == EINTR {
            result = call()
        }
        return result
    }
}

private func unistdWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

private func unistdRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
