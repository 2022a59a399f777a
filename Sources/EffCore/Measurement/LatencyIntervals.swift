/// 95 % intervals of a benchmark's three percentiles (see ``PercentileInterval``).
public struct LatencyIntervals: Hashable, Codable, Sendable {
    public var p50: PercentileInterval
    public var p90: PercentileInterval
    public var p99: PercentileInterval

    public init(p50: PercentileInterval, p90: PercentileInterval, p99: PercentileInterval) {
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
    }

    /// Order-statistic intervals over every sample, widened to each trial's own percentiles
    /// (`trialPercentiles` holds one (p50, p90, p99) per trial).
    public init(samples: [Double], trialPercentiles: [(p50: Double, p90: Double, p99: Double)]) {
        let sorted = samples.sorted()
        p50 = PercentileInterval.orderStatistic(sorted: sorted, percent: 50).covering(trialPercentiles.map(\.p50))
        p90 = PercentileInterval.orderStatistic(sorted: sorted, percent: 90).covering(trialPercentiles.map(\.p90))
        p99 = PercentileInterval.orderStatistic(sorted: sorted, percent: 99).covering(trialPercentiles.map(\.p99))
    }
}
