import ArgumentParser
import EffCtlCore
import Foundation
import RegistryClient

/// Where the registry is and how to authenticate: `--registry`/`--token`/`--token-file`, or the
/// environment variables `EFF_REGISTRY` and `EFF_TOKEN`.
struct RegistryOptions: ParsableArguments {
    @Option(name: .customLong("registry"), help: "Registry URL, such as http://127.0.0.1:8700 (default: $EFF_REGISTRY).")
    var registryURL: String?

    @Option(help: "Admin token (default: $EFF_TOKEN).")
    var token: String?

    @Option(help: "File holding the admin token, such as DATA/admin.token.")
    var tokenFile: String?

    @Option(help: "PEM file of the CA that an https registry's certificate is checked against (default: $EFF_CA_FILE, else the system's).")
    var caFile: String?

    /// A client for the resolved URL and token.
    ///
    /// - Throws: ``CLIError`` naming what is missing, or the client's error for a bad URL.
    func client(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RegistryClient {
        let connection = try resolve(environment: environment)
        // Operators read whole fleets: a plan of 100,000 devices is about 45 MB of JSON.
        let caFile = nonEmpty(caFile) ?? nonEmpty(environment["EFF_CA_FILE"])
        return try RegistryClient(
            baseURL: connection.url, token: connection.token, timeout: .seconds(120), maximumAnswerSize: 1 << 30, caFile: caFile)
    }

    /// The URL and token from the options, then the environment.
    func resolve(environment: [String: String]) throws -> (url: String, token: String) {
        guard let url = nonEmpty(registryURL) ?? nonEmpty(environment["EFF_REGISTRY"]) else {
            throw CLIError("no registry URL: pass --registry URL or set EFF_REGISTRY")
        }
        if token != nil, tokenFile != nil {
            throw CLIError("pass either --token or --token-file, not both")
        }
        if let token = nonEmpty(token) {
            return (url, token)
        }
        if let tokenFile {
            return (url, try Self.readToken(path: tokenFile))
        }
        if let token = nonEmpty(environment["EFF_TOKEN"]) {
            return (url, token)
        }
        throw CLIError("no registry token: pass --token T or --token-file PATH (the registry writes DATA/admin.token), or set EFF_TOKEN")
    }

    /// The first line of a token file, trimmed.
    static func readToken(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read token file \(path)")
        }
        let token =
            String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !token.isEmpty else {
            throw CLIError("token file \(path) is empty")
        }
        return token
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }
}
