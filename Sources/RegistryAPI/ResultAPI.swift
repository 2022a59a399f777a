import EffCore

/// `POST /v1/results`: one benchmark, as `effctl engine bench --json` reports it, plus the id the
/// agent chose (re-posting the same id stores nothing new) and the artifact it measured.
public struct BenchmarkReport: Codable, Hashable, Sendable {
    public var id: String
    public var artifactId: String
    /// The engine backend that ran the benchmark; results posted without one ran on XNNPACK.
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
    public var initMs: Double
    public var firstMs: Double
    public var peakRSSMB: Double
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
    /// Filled in by the registry when listing.
    public var deviceId: String?
    /// When the registry stored the result (seconds since 1970); filled in when listing.
    public var createdAt: Double?

    public init(
        id: String, artifactId: String, backend: String? = nil, threads: Int, runs: Int, meanMs: Double, stdMs: Double, minMs: Double,
        p50Ms: Double,
        p90Ms: Double, p99Ms: Double, maxMs: Double, initMs: Double, firstMs: Double, peakRSSMB: Double, engineVersion: String,
        trials: Int? = nil, trialSpread: Double? = nil, intervals: LatencyIntervals? = nil, unstable: Bool? = nil,
        context: MeasurementContext? = nil, deviceId: String? = nil, createdAt: Double? = nil
    ) {
        self.id = id
        self.artifactId = artifactId
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
        self.peakRSSMB = peakRSSMB
        self.engineVersion = engineVersion
        self.trials = trials
        self.trialSpread = trialSpread
        self.intervals = intervals
        self.unstable = unstable
        self.context = context
        self.deviceId = deviceId
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, backend, threads, runs
        case artifactId = "artifact_id"
        case meanMs = "mean_ms"
        case stdMs = "std_ms"
        case minMs = "min_ms"
        case p50Ms = "p50_ms"
        case p90Ms = "p90_ms"
        case p99Ms = "p99_ms"
        case maxMs = "max_ms"
        case initMs = "init_ms"
        case firstMs = "first_ms"
        case peakRSSMB = "peak_rss_mb"
        case engineVersion = "engine_version"
        case trials, intervals, unstable, context
        case trialSpread = "trial_spread"
        case deviceId = "device_id"
        case createdAt = "created_at"
    }
}

/// The answer to a result post.
public struct ResultAcknowledgement: Codable, Hashable, Sendable {
    public var id: String
    /// False when the id was already stored (a retry).
    public var stored: Bool

    public init(id: String, stored: Bool) {
        self.id = id
        self.stored = stored
    }
}
