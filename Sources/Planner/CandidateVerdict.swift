/// Why a candidate (artifact, backend) was or was not chosen for a device: what
/// `effctl deploy --dry-run --explain` lists.
public enum CandidateVerdict: String, Hashable, Codable, Sendable {
    /// The one chosen.
    case chosen
    /// It fits, but a more accurate (or as accurate and faster) candidate was chosen.
    case outranked
    /// The upper bound of its latency interval, with headroom, is over the budget.
    case latency
    /// Its peak memory is over the device's memory budget.
    case memory
    /// Its result's trials disagreed: the planner does not select on it alone.
    case unstable
    /// Nothing is measured or predicted for it yet.
    case unmeasured
}

/// One candidate as the planner saw it for one device.
public struct CandidateExplanation: Hashable, Codable, Sendable {
    public var artifactID: String
    public var backend: String?
    /// Latency at the policy's percentile and the upper bound of its interval; nil when unmeasured.
    public var latencyMs: Double?
    public var upperMs: Double?
    public var peakRssMb: Double?
    public var isPredicted: Bool
    public var verdict: CandidateVerdict

    public init(
        artifactID: String, backend: String?, latencyMs: Double?, upperMs: Double?, peakRssMb: Double?, isPredicted: Bool,
        verdict: CandidateVerdict
    ) {
        self.artifactID = artifactID
        self.backend = backend
        self.latencyMs = latencyMs
        self.upperMs = upperMs
        self.peakRssMb = peakRssMb
        self.isPredicted = isPredicted
        self.verdict = verdict
    }
}
