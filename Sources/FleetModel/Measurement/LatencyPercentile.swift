/// The latency percentile that the planner compares with a device's latency budget.
public enum LatencyPercentile: String, CaseIterable, Codable, Sendable {
    /// The median latency.
    case p50
    /// The 90th-percentile latency, the default.
    case p90
    /// The 99th-percentile latency.
    case p99
}
