import CoreMetrics
import Foundation

/// The agent's metrics, recorded through swift-metrics into `factory` (`effagent run --metrics`
/// serves them in Prometheus' text format): how long each benchmark took, how many reports wait
/// in the outbox, and when the registry last answered.
public struct AgentMetrics: Sendable {
    /// swift-metrics labels of the agent's metrics.
    public enum Label {
        public static let benchmarkDuration = "effagent.benchmark.duration"
        public static let outboxDepth = "effagent.outbox.depth"
        public static let lastContact = "effagent.registry.last_contact"
    }

    let factory: any MetricsFactory
    let outboxDepth: Gauge
    let lastContact: Gauge

    /// Metrics recorded into `factory`; by default nowhere.
    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.factory = factory
        outboxDepth = Gauge(label: Label.outboxDepth, factory: factory)
        lastContact = Gauge(label: Label.lastContact, factory: factory)
    }

    /// Records one benchmark's wall time (a child process: load, warm-up, trials) with `backend`.
    func recordBenchmark(_ duration: Duration, backend: String) {
        let (seconds, attoseconds) = duration.components
        CoreMetrics.Timer(label: Label.benchmarkDuration, dimensions: [("backend", backend)], factory: factory)
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Notes that the registry answered just now.
    func noteContact(at date: Date = Date()) {
        lastContact.record(date.timeIntervalSince1970)
    }
}
