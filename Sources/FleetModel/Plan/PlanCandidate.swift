/// One candidate (artifact, backend) of a device in an explained plan.
public struct PlanCandidate: Codable, Hashable, Sendable {
    public var artifactId: String
    public var variant: String
    public var precision: String
    public var backend: String?
    /// Latency at the plan's percentile and the upper bound of its 95 % interval; absent when unmeasured.
    public var latencyMs: Double?
    public var upperMs: Double?
    public var peakRssMb: Double?
    /// The top-1 the planner credits the artifact with, and where that figure comes from
    /// (`published-fp32`, `fp32-minus-disagreement`, `published-int8`); absent in older plans.
    public var top1: Double?
    public var top1Source: String?
    public var predicted: Bool
    /// `chosen`, `outranked`, `latency`, `memory`, `unstable` or `unmeasured`.
    public var verdict: String

    public init(
        artifactId: String, variant: String, precision: String, backend: String?, latencyMs: Double?, upperMs: Double?, peakRssMb: Double?,
        top1: Double? = nil, top1Source: String? = nil, predicted: Bool, verdict: String
    ) {
        self.artifactId = artifactId
        self.variant = variant
        self.precision = precision
        self.backend = backend
        self.latencyMs = latencyMs
        self.upperMs = upperMs
        self.peakRssMb = peakRssMb
        self.top1 = top1
        self.top1Source = top1Source
        self.predicted = predicted
        self.verdict = verdict
    }
}
