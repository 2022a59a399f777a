/// Summary statistics of a set of latencies, in milliseconds.
public struct LatencyStatistics: Hashable, Codable, Sendable {
    public var mean: Double
    public var std: Double
    public var min: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var max: Double
    public var count: Int

    public init(mean: Double, std: Double, min: Double, p50: Double, p90: Double, p99: Double, max: Double, count: Int) {
        self.mean = mean
        self.std = std
        self.min = min
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.max = max
        self.count = count
    }

    /// Summarizes `samples` (milliseconds). Percentiles interpolate linearly between order
    /// statistics (NumPy's default method).
    public init(samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        guard let first = sorted.first, let last = sorted.last else {
            self.mean = 0
            self.std = 0
            self.min = 0
            self.p50 = 0
            self.p90 = 0
            self.p99 = 0
            self.max = 0
            return
        }
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        let variance = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sorted.count)
        self.mean = mean
        self.std = variance.squareRoot()
        self.min = first
        self.max = last
        self.p50 = Self.percentile(sorted, 50)
        self.p90 = Self.percentile(sorted, 90)
        self.p99 = Self.percentile(sorted, 99)
    }

    /// Linear-interpolated percentile of sorted samples.
    public static func percentile(_ sorted: [Double], _ percent: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = percent / 100 * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down))
        let high = Swift.min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }
}
