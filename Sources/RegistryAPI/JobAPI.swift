/// A benchmark job: one device is asked to measure one artifact. Created for every device and
/// artifact pair (at enrollment and at upload) and by plans for pairs they lack; done when the
/// device posts a result for the artifact. A failure its device reports is retried after a
/// back-off (`retry_after`) until the job has failed a number of times (`attempts`); then it is
/// failed for good.
public struct BenchmarkJobView: Codable, Hashable, Sendable {
    public var id: String
    public var deviceId: String
    public var artifactId: String
    public var variant: String
    public var precision: String
    public var sizeBytes: Int
    /// `pending`, `done` or `failed` (given up).
    public var state: String
    /// The last failure its device reported.
    public var error: String?
    /// How many times its device reported it failed (nil from registries before retries).
    public var attempts: Int?
    /// When a pending job that failed is offered again (seconds since 1970).
    public var retryAfter: Double?
    /// 1 for the first measurement; more when a plan asked for the pair to be measured again.
    public var round: Int?

    public init(
        id: String, deviceId: String, artifactId: String, variant: String, precision: String, sizeBytes: Int, state: String,
        error: String? = nil, attempts: Int? = nil, retryAfter: Double? = nil, round: Int? = nil
    ) {
        self.id = id
        self.deviceId = deviceId
        self.artifactId = artifactId
        self.variant = variant
        self.precision = precision
        self.sizeBytes = sizeBytes
        self.state = state
        self.error = error
        self.attempts = attempts
        self.retryAfter = retryAfter
        self.round = round
    }
}

/// `POST /v1/jobs/{id}/failure`: the device cannot benchmark the artifact.
public struct JobFailureReport: Codable, Hashable, Sendable {
    public var error: String

    public init(error: String) {
        self.error = error
    }
}
