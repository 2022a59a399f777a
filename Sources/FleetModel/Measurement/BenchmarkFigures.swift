import EffCore

/// What one benchmark of one artifact measured on one device with one backend: the latency
/// statistics, memory and start-up costs, how the runs were grouped into trials, and the machine's
/// state meanwhile. Its JSON keys (snake_case) are defined here once; a result report carries them
/// at its top level (see `BenchmarkReport`), and the registry validates them with
/// ``validate(latencyFloorMs:)``.
public struct BenchmarkFigures: PercentileFigures, Codable, Hashable, Sendable {
    /// The engine backend that ran the benchmark; nil (results from older agents) means XNNPACK.
    public var backend: String?
    public var threads: Int
    public var runs: Int
    public var meanMs: Double
    public var stdMs: Double
    public var minMs: Double
    public var p50Ms: Double
    public var p90Ms: Double
    public var p99Ms: Double
    public var maxMs: Double
    /// Opening the artifact (load, plan, weights), and the first inference after it.
    public var initMs: Double
    public var firstMs: Double
    /// Peak resident memory of the process that ran only this benchmark.
    public var peakRssMb: Double
    public var engineVersion: String
    /// How many trials the runs came in, and how far their medians disagree (range over median).
    public var trials: Int?
    public var trialSpread: Double?
    /// 95 % intervals of the percentiles (order statistics widened to the trials' percentiles).
    public var intervals: LatencyIntervals?
    /// The trials disagreed beyond the agent's tolerance even after a second measurement: the
    /// planner never selects on an unstable result alone.
    public var unstable: Bool?
    /// What the machine was doing while it measured.
    public var context: MeasurementContext?

    public init(
        backend: String? = nil, threads: Int, runs: Int, meanMs: Double, stdMs: Double, minMs: Double, p50Ms: Double,
        p90Ms: Double, p99Ms: Double, maxMs: Double, initMs: Double, firstMs: Double, peakRssMb: Double, engineVersion: String,
        trials: Int? = nil, trialSpread: Double? = nil, intervals: LatencyIntervals? = nil, unstable: Bool? = nil,
        context: MeasurementContext? = nil
    ) {
        self.backend = backend
        self.threads = threads
        self.runs = runs
        self.meanMs = meanMs
        self.stdMs = stdMs
        self.minMs = minMs
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
        self.maxMs = maxMs
        self.initMs = initMs
        self.firstMs = firstMs
        self.peakRssMb = peakRssMb
        self.engineVersion = engineVersion
        self.trials = trials
        self.trialSpread = trialSpread
        self.intervals = intervals
        self.unstable = unstable
        self.context = context
    }
}
