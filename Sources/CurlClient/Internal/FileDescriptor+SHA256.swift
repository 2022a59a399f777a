import Crypto

extension FileDescriptor {
    /// Reads the file from the current offset to its end and returns the SHA-256 of those bytes
    /// (lowercase hex) and their count. Reads in 1 MiB pieces, so memory use does not grow with the file.
    func sha256() throws(HTTPClientError) -> (digest: String, size: Int) {
        var hasher = SHA256()
        var size = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try self.read(into: buffer)
            guard count > 0 else {
                break
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            size += count
        }
        return (hasher.finalize().hexString, size)
    }
}

extension Sequence<UInt8> {
    /// The bytes as lowercase hex, two digits each.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
