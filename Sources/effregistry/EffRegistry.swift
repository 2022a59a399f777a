import ArgumentParser
import EffCore
import Foundation
import Hummingbird
import Logging
import RegistryService

/// `effregistry`: the EffFleet registry service.
@main
struct EffRegistry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "effregistry",
        abstract: "The EffFleet registry: artifacts, devices, fleets and benchmark results over HTTP/JSON.",
        subcommands: [Serve.self, RotateAdminToken.self]
    )

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the registry API.")

        @Option(help: "Data folder: registry.sqlite, blobs/, admin.token.") var data: String
        @Option(help: "Address to listen on, host:port (port 0 picks a free one).") var listen = "127.0.0.1:8700"
        @Option(help: "Variant catalog (published accuracy).") var catalog = "Registry/variants.json"
        @Option(name: .customLong("port-file"), help: "Write the port bound to this file once listening (for --listen host:0).")
        var portFile: String?
        @Option(help: "Serve HTTPS with this PEM certificate chain (with --tls-key).") var tlsCert: String?
        @Option(help: "The PEM private key of --tls-cert.") var tlsKey: String?

        func validate() throws {
            guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("pass --tls-cert and --tls-key together") }
            for (flag, path) in [("--tls-cert", tlsCert), ("--tls-key", tlsKey)] {
                if let path, !FileManager.default.isReadableFile(atPath: path) { throw ValidationError("\(flag): cannot read \(path)") }
            }
        }
        @Option(name: .customLong("offline-after"), help: "Seconds without a heartbeat after which the web console shows a device offline.")
        var offlineAfter = 60.0

        func run() async throws {
            let parts = listen.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]), (0...65535).contains(port) else {
                throw ValidationError("--listen must be host:port, got '\(listen)'")
            }
            let catalogURL = URL(fileURLWithPath: catalog)
            guard FileManager.default.fileExists(atPath: catalogURL.path) else {
                throw ValidationError("no variant catalog at \(catalog): pass --catalog PATH (the repository's Registry/variants.json)")
            }
            let variants = try VariantCatalog(contentsOf: catalogURL)
            guard offlineAfter.isFinite, offlineAfter > 0 else { throw ValidationError("--offline-after must be a number of seconds > 0") }
            var registry = try Registry(dataDirectory: URL(fileURLWithPath: data, isDirectory: true), catalog: variants)
            registry.offlineAfter = offlineAfter
            var logger = Logger(label: "effregistry")
            logger.logLevel = .info
            logger.info("registry data in \(data); admin token in \(data)/admin.token")
            try await registry.removeOrphanBlobs(logger: logger)
            let portFile = self.portFile
            let listeningLogger = logger
            let tls = tlsCert.flatMap { cert in tlsKey.map { RegistryTLS(certificatePath: cert, keyPath: $0) } }
            let scheme = tls == nil ? "http" : "https"
            let app = try RegistryApplication.make(registry: registry, host: String(parts[0]), port: port, tls: tls, logger: logger) {
                bound in
                listeningLogger.info("listening on \(parts[0]):\(bound) (\(scheme))")
                guard let portFile else { return }
                try? Data("\(bound)\n".utf8).write(to: URL(fileURLWithPath: portFile), options: .atomic)
            }
            try await app.runService()
        }
    }

    struct RotateAdminToken: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-admin-token",
            abstract: "Replace DATA/admin.token with a new token (mode 0600); a running registry uses it within a second."
        )

        @Option(help: "Data folder of the registry.") var data: String

        func run() throws {
            _ = try AdminToken.rotate(in: URL(fileURLWithPath: data, isDirectory: true))
            print("new admin token written to \(data)/admin.token; the running registry uses it within a second")
        }
    }
}
