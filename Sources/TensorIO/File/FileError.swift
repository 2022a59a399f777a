#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file could not be opened, read or written.
public struct FileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    init(path: String, errno code: Int32, action: String) {
        self.init(path: path, message: "\(action) failed: \(String(cString: strerror(code)))")
    }

    public var description: String { "\(path): \(message)" }
}
