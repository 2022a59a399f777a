import CoreMetrics
import FleetMetrics
import Foundation

/// The registry's metrics, recorded through swift-metrics into its own Prometheus collector
/// registry and served at `GET /metrics` (`Docs/OPERATIONS.md` lists them).
///
/// The collector registry belongs to this value, not to the process: tests run several registries
/// in one process without bootstrapping anything. `effregistry serve` also bootstraps
/// `MetricsSystem` with ``factory`` once, so that Hummingbird's `MetricsMiddleware` (which records
/// through the global system) adds its request metrics to the same output.
public struct RegistryMetrics: Sendable {
    /// The swift-metrics backend holding every collector; `MetricsSystem.bootstrap` it once per process.
    public let factory: DescribedPrometheusFactory
    /// A token that may read `/metrics` besides the admin token (a scraper's), if any.
    public let scrapeToken: String?
    /// A device counts as online when its last heartbeat is at most this old.
    public let onlineWithin: Duration

    let resultsStored: Counter
    let resultsRepeated: Counter
    let resultBatchSizes: Recorder
    let artifactBytesServed: Counter
    let backupBytesServed: Counter

    /// Metrics in a new collector registry; `scrapeToken` may read them besides the admin token.
    public init(scrapeToken: String? = nil, onlineWithin: Duration = .seconds(60)) {
        let factory = DescribedPrometheusFactory(
            descriptions: Self.descriptions.merging(HTTPServerMetrics.descriptions(prefix: "effregistry")) { own, _ in own })
        self.factory = factory
        self.scrapeToken = scrapeToken
        self.onlineWithin = onlineWithin
        resultsStored = Counter(label: Label.resultsPosted, dimensions: [("outcome", "stored")], factory: factory)
        resultsRepeated = Counter(label: Label.resultsPosted, dimensions: [("outcome", "repeated")], factory: factory)
        resultBatchSizes = Recorder(label: Label.resultBatchSize, factory: factory)
        artifactBytesServed = Counter(label: Label.blobBytesServed, dimensions: [("kind", "artifact")], factory: factory)
        backupBytesServed = Counter(label: Label.blobBytesServed, dimensions: [("kind", "backup")], factory: factory)
    }

    /// The metrics in Prometheus' text format (version 0.0.4).
    public func exposition() -> String {
        factory.exposition()
    }

    /// swift-metrics labels of the registry's own metrics.
    enum Label {
        static let resultsPosted = "effregistry.results.posted"
        static let resultBatchSize = "effregistry.results.batch_size"
        static let blobBytesServed = "effregistry.blob.bytes_served"
        static let devices = "effregistry.devices"
        static let heartbeatLag = "effregistry.heartbeat.lag"
        static let deployments = "effregistry.deployments"
    }

    /// Names and help texts of the registry's own metrics.
    static let descriptions: [String: MetricDescription] = [
        Label.resultsPosted: MetricDescription(
            name: "effregistry_results_posted_total",
            help: "Benchmark results posted and accepted: outcome=stored (new) or repeated (an id already stored)."),
        Label.resultBatchSize: MetricDescription(
            name: "effregistry_result_commit_batch_size", help: "Results written per group-commit transaction.",
            buckets: .values([1, 2, 4, 8, 16, 32, 64, 128, 256, 512])),
        Label.blobBytesServed: MetricDescription(
            name: "effregistry_blob_bytes_served_total",
            help: "Bytes of artifact and backup downloads sent (Range requests count their part)."),
        Label.devices: MetricDescription(
            name: "effregistry_devices", help: "Enrolled devices by fleet and status: online = a heartbeat within the online threshold."),
        Label.heartbeatLag: MetricDescription(
            name: "effregistry_heartbeat_lag_seconds", help: "Longest time since the last heartbeat among a fleet's online devices."),
        Label.deployments: MetricDescription(name: "effregistry_deployments", help: "Deployments (rollouts) by fleet and state."),
    ]
}
