import FleetModel

/// A benchmark result of one artifact on one device with one engine backend.
public struct LatencyMeasurement: PercentileFigures, Hashable, Codable, Sendable {
    /// The measured device's ``FleetDevice/id``.
    public var deviceID: String
    /// The measured artifact's ``ArtifactDescriptor/id``.
    public var artifactID: String
    /// The engine backend that ran it (`onednn`, `xnnpack`, …): a device serves an artifact with
    /// the backend the plan chose for it.
    public var backend: String
    /// Median latency in milliseconds.
    public var p50Ms: Double
    /// 90th-percentile latency in milliseconds.
    public var p90Ms: Double
    /// 99th-percentile latency in milliseconds.
    public var p99Ms: Double
    /// Peak resident memory in MB while the artifact ran.
    public var peakRssMb: Double
    /// Upper bounds of the 95 % intervals of the percentiles; nil where the result has none (the
    /// point figure then stands for its own bound).
    public var p50UpperMs: Double?
    public var p90UpperMs: Double?
    public var p99UpperMs: Double?
    /// The result's trials disagreed beyond the agent's tolerance: never selected on alone.
    public var isUnstable: Bool
    /// How many results the device has for this pair: a budget inside the interval asks for
    /// another only below `MeasurementRules.pooledResults`, and the figures are then the medians of
    /// the newest that many.
    public var resultCount: Int

    /// Creates a measurement.
    public init(
        deviceID: String, artifactID: String, backend: String = "xnnpack", p50Ms: Double, p90Ms: Double, p99Ms: Double, peakRssMb: Double,
        p50UpperMs: Double? = nil, p90UpperMs: Double? = nil, p99UpperMs: Double? = nil, isUnstable: Bool = false, resultCount: Int = 1
    ) {
        self.deviceID = deviceID
        self.artifactID = artifactID
        self.backend = backend
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
        self.peakRssMb = peakRssMb
        self.p50UpperMs = p50UpperMs
        self.p90UpperMs = p90UpperMs
        self.p99UpperMs = p99UpperMs
        self.isUnstable = isUnstable
        self.resultCount = resultCount
    }

    /// The upper bound of the interval at `percentile` (the point figure where there is none).
    public func upperMs(at percentile: LatencyPercentile) -> Double {
        let upper: Double? =
            switch percentile {
            case .p50: self.p50UpperMs
            case .p90: self.p90UpperMs
            case .p99: self.p99UpperMs
            }
        return max(upper ?? 0, self.latencyMs(at: percentile))
    }
}
