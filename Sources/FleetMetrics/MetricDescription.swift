/// What a process says about one of its metrics in Prometheus' text format: the exported name,
/// its `# HELP` text, the names its dimensions are exported under, and histogram buckets.
///
/// swift-metrics has no help texts, and libraries (Hummingbird's `MetricsMiddleware`) choose
/// their own labels; a description, looked up by the swift-metrics label, supplies both so that
/// `promtool check metrics` accepts the output.
public struct MetricDescription: Sendable {
    /// Buckets of a histogram: durations for a swift-metrics `Timer`, values for an aggregating `Recorder`.
    public enum Buckets: Sendable {
        case durations([Duration])
        case values([Double])
    }

    /// The name in the exposition, e.g. `effregistry_results_posted_total`.
    public let name: String
    public let help: String
    /// swift-metrics dimension → Prometheus label, for dimensions whose names are not valid labels.
    public let labels: [String: String]
    public let buckets: Buckets?

    public init(name: String, help: String, labels: [String: String] = [:], buckets: Buckets? = nil) {
        self.name = name
        self.help = help
        self.labels = labels
        self.buckets = buckets
    }
}
