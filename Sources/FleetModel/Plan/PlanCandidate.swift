/// One candidate (artifact, backend) of a device in an explained plan.
public struct PlanCandidate: Codable, Hashable, Sendable {
    public var artifactId: String
    public var variant: String
    public var precision: String
    public var backend: String?
    /// Latency at the plan's percentile and the upper bound of its 95 % interval; absent when unmeasured.
    public var latencyMs: Double?
    public var upperMs: Double?
    public var peakRSSMB: Double?
    public var predicted: Bool
    /// `chosen`, `outranked`, `latency`, `memory`, `unstable` or `unmeasured`.
    public var verdict: String

    public init(
        artifactId: String, variant: String, precision: String, backend: String?, latencyMs: Double?, upperMs: Double?, peakRSSMB: Double?,
        predicted: Bool, verdict: String
    ) {
        self.artifactId = artifactId
        self.variant = variant
        self.precision = precision
        self.backend = backend
        self.latencyMs = latencyMs
        self.upperMs = upperMs
        self.peakRSSMB = peakRSSMB
        self.predicted = predicted
        self.verdict = verdict
    }

    public enum CodingKeys: String, CodingKey {
        case variant, precision, backend, predicted, verdict
        case artifactId = "artifact_id"
        case latencyMs = "latency_ms"
        case upperMs = "upper_ms"
        case peakRSSMB = "peak_rss_mb"
    }
}
