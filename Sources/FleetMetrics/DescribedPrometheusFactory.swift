import CoreMetrics
import Prometheus

/// A swift-metrics backend that creates its collectors in a `PrometheusCollectorRegistry` under
/// the names, help texts, labels and buckets of ``MetricDescription``s, keyed by the swift-metrics
/// label. A label without a description keeps its name (made valid by swift-prometheus) and gets
/// a help text saying so.
///
/// The collectors are swift-prometheus' own; only the naming differs from its
/// `PrometheusMetricsFactory`, which exports no help texts.
public struct DescribedPrometheusFactory: MetricsFactory {
    /// Where the collectors live; `emitToString()` gives the exposition.
    public let registry: PrometheusCollectorRegistry
    private let descriptions: [String: MetricDescription]
    private let defaultDurationBuckets: [Duration]
    private let defaultValueBuckets: [Double]

    /// A factory over `registry` for the metrics `descriptions` name (swift-metrics label → description).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), descriptions: [String: MetricDescription]) {
        self.registry = registry
        self.descriptions = descriptions
        self.defaultDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10].map { Duration.seconds($0) }
        self.defaultValueBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000]
    }

    /// Every metric in Prometheus' text format (version 0.0.4).
    public func exposition() -> String {
        registry.emitToString()
    }

    /// The exported name, help text and labels of a swift-metrics label and its dimensions.
    func exported(_ label: String, _ dimensions: [(String, String)]) -> (name: MetricNameDescriptor, labels: [(String, String)]) {
        guard let description = descriptions[label] else {
            return (
                MetricNameDescriptor(metricName: label, unitName: "", helpText: "\(label) (swift-metrics label, no description)"),
                dimensions
            )
        }
        let name = MetricNameDescriptor(metricName: description.name, unitName: "", helpText: description.help)
        return (name, dimensions.map { (description.labels[$0.0] ?? $0.0, $0.1) })
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        let (name, labels) = exported(label, dimensions)
        return registry.makeCounter(descriptor: name, labels: labels)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        let (name, labels) = exported(label, dimensions)
        return registry.makeCounter(descriptor: name, labels: labels)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        let (name, labels) = exported(label, dimensions)
        return registry.makeGauge(descriptor: name, labels: labels)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        let (name, labels) = exported(label, dimensions)
        guard aggregate else { return registry.makeGauge(descriptor: name, labels: labels) }
        var buckets = defaultValueBuckets
        if case .values(let described) = descriptions[label]?.buckets { buckets = described }
        return registry.makeValueHistogram(descriptor: name, labels: labels, buckets: buckets)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let (name, labels) = exported(label, dimensions)
        var buckets = defaultDurationBuckets
        if case .durations(let described) = descriptions[label]?.buckets { buckets = described }
        return registry.makeDurationHistogram(descriptor: name, labels: labels, buckets: buckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    public func destroyRecorder(_ handler: any RecorderHandler) {
        switch handler {
        case let gauge as Prometheus.Gauge: registry.unregisterGauge(gauge)
        case let histogram as ValueHistogram: registry.unregisterValueHistogram(histogram)
        default: break
        }
    }

    public func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
