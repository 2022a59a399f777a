import NIOSSL

/// The registry's own HTTPS: a PEM certificate chain and its PEM private key
/// (`effregistry serve --tls-cert --tls-key`).
public struct RegistryTLS: Sendable, Hashable {
    public var certificatePath: String
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// The server configuration; fails with a message naming the file that cannot be used.
    func configuration() throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw RegistryError.internal("--tls-cert \(certificatePath) is not a readable PEM certificate chain: \(error)")
        }
        guard !chain.isEmpty else { throw RegistryError.internal("--tls-cert \(certificatePath) holds no certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw RegistryError.internal("--tls-key \(keyPath) is not a readable PEM private key: \(error)")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }
}
