import Crypto
import TensorIO

extension Artifact {
    /// Lower-case hex sha256 of the file at `path` (streamed from a memory map).
    public static func sha256(ofFileAt path: String) throws(ArtifactError) -> String {
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
        } catch {
            throw ArtifactError(error.description)
        }
        var hasher = SHA256()
        let chunk = 1 << 20
        var offset = 0
        let bytes = file.bytes
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
            offset = end
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// sha256 of this artifact's file.
    public func sha256() throws(ArtifactError) -> String {
        try Self.sha256(ofFileAt: path)
    }
}
