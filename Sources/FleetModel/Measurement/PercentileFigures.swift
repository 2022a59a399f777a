/// A value with latency figures at the three percentiles the fleet plans with.
public protocol PercentileFigures {
    var p50Ms: Double { get }
    var p90Ms: Double { get }
    var p99Ms: Double { get }
}

extension PercentileFigures {
    /// The latency at `percentile`, in milliseconds.
    public func latencyMs(at percentile: LatencyPercentile) -> Double {
        switch percentile {
        case .p50: p50Ms
        case .p90: p90Ms
        case .p99: p99Ms
        }
    }
}
