import AgentCore
import FleetMetrics
import Foundation
import Hummingbird
import Logging

/// `effagent run --metrics 127.0.0.1:PORT`: the agent's metrics in Prometheus' text format at
/// `GET /metrics`, on a loopback address only (they carry no secret, but the agent offers no
/// other service to the network).
struct AgentMetricsServer {
    let host: String
    let port: Int
    /// The swift-metrics backend the agent records into.
    let factory = DescribedPrometheusFactory(descriptions: Self.descriptions)

    /// The server for `address` (`host:port`, port 0 picks a free one); throws unless the host is
    /// a loopback address.
    init(address: String) throws(AddressError) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port)
        else { throw AddressError(message: "--metrics must be host:port, got '\(address)'") }
        let host = String(address[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
            throw AddressError(message: "--metrics must listen on loopback (127.0.0.1, ::1 or localhost), got '\(host)'")
        }
        self.host = host
        self.port = port
    }

    /// Serves until the task is cancelled; logs the port bound.
    func run(logger: Logger) async throws {
        let router = Router()
        router.get("metrics") { [factory] _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: factory.exposition())))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { [host] channel in logger.info("metrics on http://\(host):\(channel.localAddress?.port ?? 0)/metrics") },
            logger: logger)
        try await app.run()
    }

    /// An unusable `--metrics` address.
    struct AddressError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Names and help texts of the agent's metrics.
    static let descriptions: [String: MetricDescription] = [
        AgentMetrics.Label.benchmarkDuration: MetricDescription(
            name: "effagent_benchmark_duration_seconds",
            help: "Wall time of one benchmark (a child process: load, warm-up, trials), by backend.",
            buckets: .durations([1, 2, 5, 10, 20, 30, 60, 120, 300, 600].map { Duration.seconds($0) })),
        AgentMetrics.Label.outboxDepth: MetricDescription(
            name: "effagent_outbox_messages", help: "Results and reports written to the outbox and not yet acknowledged by the registry."),
        AgentMetrics.Label.lastContact: MetricDescription(
            name: "effagent_last_registry_contact_timestamp_seconds",
            help: "Unix time of the last request the registry answered successfully (a heartbeat or a round of polling)."),
    ]
}
