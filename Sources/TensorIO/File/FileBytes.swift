import Foundation

/// Whole-file reads and atomic writes.
public enum FileBytes {
    /// Largest file read into memory whole (1 GiB).
    public static let maximumReadSize = 1 << 30

    /// Reads a whole file.
    public static func read(_ path: String) throws(FileError) -> [UInt8] {
        let file = try MappedFile(path: path)
        guard file.count <= maximumReadSize else { throw FileError(path: path, message: "file is larger than 1 GiB") }
        return [UInt8](file.bytes)
    }

    /// Writes through a temporary file in the same folder and renames it into place, so readers
    /// never see a partial file.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(FileError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileError(path: path, message: "write failed: \(error.localizedDescription)")
        }
        guard rename(temporary.path, path) == 0 else {
            let failure = FileError(path: path, errno: errno, action: "rename")
            try? FileManager.default.removeItem(at: temporary)
            throw failure
        }
    }
}
