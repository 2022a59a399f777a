/// A confidence interval for one latency percentile, in milliseconds.
///
/// Built from order statistics, which need no assumption about the shape of the latency
/// distribution: with `n` samples, the number of them below the true `q`-quantile is
/// Binomial(n, q), so the sorted samples at ranks `nq ∓ z·√(nq(1−q))` bound the quantile with
/// (approximately, by the normal approximation) the stated confidence. Consecutive inferences
/// are not quite independent (caches, clock frequency, a neighbour's load), so the harness
/// widens the interval to cover every trial's own percentile as well (see
/// ``BenchmarkHarness``).
public struct PercentileInterval: Hashable, Codable, Sendable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// The order-statistic interval of the `percent` percentile of `sorted` samples at 95 %
    /// confidence (z = 1.96). With too few samples for a rank on one side, that side is the
    /// extreme sample.
    public static func orderStatistic(sorted: [Double], percent: Double, z: Double = 1.96) -> PercentileInterval {
        guard let first = sorted.first, let last = sorted.last else { return PercentileInterval(lower: 0, upper: 0) }
        let n = Double(sorted.count)
        let q = percent / 100
        let half = z * (n * q * (1 - q)).squareRoot()
        let lowRank = Int((n * q - half).rounded(.down)) - 1
        let highRank = Int((n * q + half).rounded(.up))
        return PercentileInterval(
            lower: lowRank >= 0 ? sorted[min(lowRank, sorted.count - 1)] : first,
            upper: highRank < sorted.count ? sorted[max(highRank, 0)] : last)
    }

    /// This interval widened to contain `values`.
    public func covering(_ values: [Double]) -> PercentileInterval {
        PercentileInterval(lower: min(lower, values.min() ?? lower), upper: max(upper, values.max() ?? upper))
    }

    /// Whether `value` lies inside (bounds included).
    public func contains(_ value: Double) -> Bool {
        lower <= value && value <= upper
    }
}
