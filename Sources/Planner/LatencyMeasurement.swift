/// A benchmark result of one artifact on one device with one engine backend.
public struct LatencyMeasurement: Hashable, Codable, Sendable {
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
    public var peakRSSMB: Double

    /// Creates a measurement.
    public init(
        deviceID: String, artifactID: String, backend: String = "xnnpack", p50Ms: Double, p90Ms: Double, p99Ms: Double, peakRSSMB: Double
    ) {
        self.deviceID = deviceID
        self.artifactID = artifactID
        self.backend = backend
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
        self.peakRSSMB = peakRSSMB
    }

    /// The latency at `percentile`, in milliseconds.
    public func latencyMs(at percentile: LatencyPercentile) -> Double {
        switch percentile {
        case .p50: self.p50Ms
        case .p90: self.p90Ms
        case .p99: self.p99Ms
        }
    }
}
