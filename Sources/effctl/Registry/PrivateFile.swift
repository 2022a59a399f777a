import EffCtlCore
import Foundation

/// Files only their owner may read: secrets such as enrollment tokens.
enum PrivateFile {
    /// Writes `text` to `path` with mode 0600, replacing the file; the file is never readable by
    /// others, not even briefly.
    static func write(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        // An existing file keeps its mode through O_TRUNC: narrow it first.
        guard fchmod(descriptor, 0o600) == 0 else {
            throw CLIError("cannot make \(path) private: \(String(cString: strerror(errno)))")
        }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}
