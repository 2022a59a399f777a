import EffCore

/// One benchmark of one artifact on this machine: `effctl engine bench --json` and what a
/// benchmark child process prints, coded with ``SnakeCaseJSON`` (the keys of a result report).
public struct BenchmarkResult: Hashable, Codable, Sendable {
    public var variant: String
    public var precision: String
    public var backend: String
    public var threads: Int
    public var warmup: Int
    public var latency: LatencyStatistics
    /// Open artifact → backend ready.
    public var initMs: Double
    /// The first inference (cold caches).
    public var firstMs: Double
    public var peakRssMb: Double
    public var engineVersion: String
    /// Each trial's statistics, in order (one trial for results from older engines).
    public var trials: [LatencyStatistics] = []
    /// 95 % intervals of the percentiles; nil for results from older engines.
    public var intervals: LatencyIntervals?
    /// What the machine was doing; nil for results from older engines.
    public var context: MeasurementContext?

    /// How far the trials disagree: the range of their medians over the median of them (0 with
    /// fewer than two trials).
    public var trialSpread: Double {
        let medians = trials.map(\.p50).sorted()
        guard medians.count > 1, let first = medians.first, let last = medians.last else { return 0 }
        let middle = LatencyStatistics.percentile(medians, 50)
        return middle > 0 ? (last - first) / middle : 0
    }

    enum CodingKeys: CodingKey {
        case variant, precision, backend, threads, warmup, runs, meanMs, stdMs, minMs, p50Ms, p90Ms, p99Ms, maxMs
        case initMs, firstMs, peakRssMb, engineVersion, trials, intervals, context, trialSpread
    }

    public init(
        variant: String, precision: String, backend: String, threads: Int, warmup: Int, latency: LatencyStatistics,
        initMs: Double, firstMs: Double, peakRssMb: Double, engineVersion: String
    ) {
        self.variant = variant
        self.precision = precision
        self.backend = backend
        self.threads = threads
        self.warmup = warmup
        self.latency = latency
        self.initMs = initMs
        self.firstMs = firstMs
        self.peakRssMb = peakRssMb
        self.engineVersion = engineVersion
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        variant = try container.decode(String.self, forKey: .variant)
        precision = try container.decode(String.self, forKey: .precision)
        backend = try container.decode(String.self, forKey: .backend)
        threads = try container.decode(Int.self, forKey: .threads)
        warmup = try container.decode(Int.self, forKey: .warmup)
        latency = LatencyStatistics(
            mean: try container.decode(Double.self, forKey: .meanMs), std: try container.decode(Double.self, forKey: .stdMs),
            min: try container.decode(Double.self, forKey: .minMs), p50: try container.decode(Double.self, forKey: .p50Ms),
            p90: try container.decode(Double.self, forKey: .p90Ms), p99: try container.decode(Double.self, forKey: .p99Ms),
            max: try container.decode(Double.self, forKey: .maxMs), count: try container.decode(Int.self, forKey: .runs)
        )
        initMs = try container.decode(Double.self, forKey: .initMs)
        firstMs = try container.decode(Double.self, forKey: .firstMs)
        peakRssMb = try container.decode(Double.self, forKey: .peakRssMb)
        engineVersion = try container.decode(String.self, forKey: .engineVersion)
        trials = try container.decodeIfPresent([LatencyStatistics].self, forKey: .trials) ?? []
        intervals = try container.decodeIfPresent(LatencyIntervals.self, forKey: .intervals)
        context = try container.decodeIfPresent(MeasurementContext.self, forKey: .context)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(variant, forKey: .variant)
        try container.encode(precision, forKey: .precision)
        try container.encode(backend, forKey: .backend)
        try container.encode(threads, forKey: .threads)
        try container.encode(warmup, forKey: .warmup)
        try container.encode(latency.count, forKey: .runs)
        try container.encode(latency.mean, forKey: .meanMs)
        try container.encode(latency.std, forKey: .stdMs)
        try container.encode(latency.min, forKey: .minMs)
        try container.encode(latency.p50, forKey: .p50Ms)
        try container.encode(latency.p90, forKey: .p90Ms)
        try container.encode(latency.p99, forKey: .p99Ms)
        try container.encode(latency.max, forKey: .maxMs)
        try container.encode(initMs, forKey: .initMs)
        try container.encode(firstMs, forKey: .firstMs)
        try container.encode(peakRssMb, forKey: .peakRssMb)
        try container.encode(engineVersion, forKey: .engineVersion)
        try container.encode(trials, forKey: .trials)
        try container.encode(trialSpread, forKey: .trialSpread)
        try container.encodeIfPresent(intervals, forKey: .intervals)
        try container.encodeIfPresent(context, forKey: .context)
    }
}
