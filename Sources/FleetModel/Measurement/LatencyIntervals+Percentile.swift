import EffCore

extension LatencyIntervals {
    /// The interval of `percentile`.
    public subscript(percentile: LatencyPercentile) -> PercentileInterval {
        switch percentile {
        case .p50: p50
        case .p90: p90
        case .p99: p99
        }
    }
}
