import Crypto

/// The content of the test server's blob endpoints, computed independently of it.
enum Blob {
    /// Byte `i` is `(i * 31 + i / 256) % 256`.
    static func bytes(_ size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: ($0 * 31 + $0 / 256) % 256) }
    }

    /// The lowercase hex SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
