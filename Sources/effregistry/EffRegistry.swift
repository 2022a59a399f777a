import ArgumentParser
import CoreMetrics
import EffCore
import Foundation
import Hummingbird
import Logging
import PostgresStore
import RegistryService

/// `effregistry`: the EffFleet registry service.
@main
struct EffRegistry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "effregistry",
        abstract: "The EffFleet registry: artifacts, devices, fleets and benchmark results over HTTP/JSON.",
        subcommands: [Serve.self, RotateAdminToken.self, Migrate.self]
    )

    @Flag(help: "Print the version, the git commit and the engine's backends, then exit.") var version = false

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the registry API.")

        @Option(help: "Data folder: registry.sqlite, blobs/, admin.token.") var data: String
        @Option(help: "Keep the records in PostgreSQL instead of DATA/registry.sqlite: postgres://USER@HOST:PORT/DATABASE.")
        var database: String?
        @Option(
            name: .customLong("database-password-file"),
            help: "File whose first line is the database password (else EFF_DATABASE_PASSWORD; never on the command line).")
        var databasePasswordFile: String?
        @Option(help: "Address to listen on, host:port (port 0 picks a free one).") var listen = "127.0.0.1:8700"
        @Option(help: "Variant catalog (published accuracy).") var catalog = "Registry/variants.json"
        @Option(name: .customLong("port-file"), help: "Write the port bound to this file once listening (for --listen host:0).")
        var portFile: String?
        @Option(help: "Serve HTTPS with this PEM certificate chain (with --tls-key).") var tlsCert: String?
        @Option(help: "The PEM private key of --tls-cert.") var tlsKey: String?
        @Option(
            name: .customLong("offline-after"),
            help: "Seconds without a heartbeat after which a device is offline: the console shows it so, deployments leave it out.")
        var offlineAfter = 60.0

        func validate() throws {
            guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("pass --tls-cert and --tls-key together") }
            for (flag, path) in [("--tls-cert", tlsCert), ("--tls-key", tlsKey)] {
                if let path, !FileManager.default.isReadableFile(atPath: path) { throw ValidationError("\(flag): cannot read \(path)") }
            }
        }
        @Option(name: .customLong("log-format"), help: "Log lines on standard error: text or json (one object per line).")
        var logFormat: LogFormat = .text
        @Option(
            name: .customLong("log-level"),
            help: "Least severe level logged: trace, debug, info (one line per request), notice, warning, error, critical.")
        var logLevel: Logger.Level = .info
        @Option(
            name: .customLong("metrics-token-file"),
            help: "A file holding a token that may read GET /metrics besides the admin token (or EFF_METRICS_TOKEN).")
        var metricsTokenFile: String?

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
            LoggingSystem.bootstrap(logFormat.handlerFactory(level: logLevel))
            let metrics = RegistryMetrics(scrapeToken: try scrapeToken())
            // Once per process: Hummingbird's request metrics go through the global system.
            MetricsSystem.bootstrap(metrics.factory)
            var logger = Logger(label: "effregistry")
            logger.logLevel = logLevel
            let dataDirectory = URL(fileURLWithPath: data, isDirectory: true)
            guard let database else {
                logger.info("registry data in \(data); admin token in \(data)/admin.token")
                try await serve(
                    try Registry(dataDirectory: dataDirectory, catalog: variants, metrics: metrics), host: String(parts[0]), port: port,
                    logger: logger)
                return
            }
            let url = try PostgresURL(database)
            let password = try PostgresDatabase.password(file: databasePasswordFile)
            let host = String(parts[0])
            let serveLogger = logger
            let data = self.data
            try await PostgresDatabase.withStore(url: url, password: password, logger: logger) { store in
                serveLogger.info("blobs in \(data)/blobs; admin token in \(data)/admin.token")
                let registry = try Registry(dataDirectory: dataDirectory, store: store, catalog: variants, metrics: metrics)
                try await serve(registry, host: host, port: port, logger: serveLogger)
            }
        }

        private func serve(_ registry: Registry, host: String, port: Int, logger: Logger) async throws {
            var registry = registry
            registry.offlineAfter = offlineAfter
            try await registry.removeOrphanBlobs(logger: logger)
            let portFile = self.portFile
            let listeningLogger = logger
            let tls = tlsCert.flatMap { cert in tlsKey.map { RegistryTLS(certificatePath: cert, keyPath: $0) } }
            let scheme = tls == nil ? "http" : "https"
            let app = try RegistryApplication.make(registry: registry, host: host, port: port, tls: tls, logger: logger) { bound in
                listeningLogger.info("listening on \(host):\(bound) (\(scheme))")
                guard let portFile else { return }
                try? Data("\(bound)\n".utf8).write(to: URL(fileURLWithPath: portFile), options: .atomic)
            }
            try await app.runService()
        }

        /// The scrape token from `--metrics-token-file` or `EFF_METRICS_TOKEN` (never from the command line,
        /// which other users of the machine can read).
        func scrapeToken() throws -> String? {
            let token: String?
            if let metricsTokenFile {
                guard let contents = try? String(contentsOfFile: metricsTokenFile, encoding: .utf8) else {
                    throw ValidationError("--metrics-token-file: cannot read \(metricsTokenFile)")
                }
                token = contents.trimmingCharacters(in: .whitespacesAndNewlines)
            } else {
                token = ProcessInfo.processInfo.environment["EFF_METRICS_TOKEN"]
            }
            guard let token else { return nil }
            guard token.count >= 16 else { throw ValidationError("the metrics token must have at least 16 characters") }
            return token
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

extension LogFormat: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
