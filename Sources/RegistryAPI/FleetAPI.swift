/// `POST /v1/fleets`.
public struct CreateFleetRequest: Codable, Hashable, Sendable {
    public var name: String
    public var latencyBudgetMs: Double
    /// `p50`, `p90` (default) or `p99`.
    public var percentile: LatencyPercentile?
    /// Benchmark synthetic artifacts as soon as they appear, and plan them by default.
    public var allowSynthetic: Bool?

    public init(name: String, latencyBudgetMs: Double, percentile: LatencyPercentile? = nil, allowSynthetic: Bool? = nil) {
        self.allowSynthetic = allowSynthetic
        self.name = name
        self.latencyBudgetMs = latencyBudgetMs
        self.percentile = percentile
    }
}

/// A fleet as the API shows it. `enrollmentToken` is present only in the creation response.
public struct FleetView: Codable, Hashable, Sendable {
    public var name: String
    public var latencyBudgetMs: Double
    public var percentile: LatencyPercentile
    public var devices: Int
    public var enrollmentToken: String?
    public var allowSynthetic: Bool?

    public init(
        name: String, latencyBudgetMs: Double, percentile: LatencyPercentile, devices: Int, enrollmentToken: String? = nil,
        allowSynthetic: Bool? = nil
    ) {
        self.allowSynthetic = allowSynthetic
        self.name = name
        self.latencyBudgetMs = latencyBudgetMs
        self.percentile = percentile
        self.devices = devices
        self.enrollmentToken = enrollmentToken
    }
}

/// What `POST /v1/fleets/{name}/remeasure` opened: how many measured (device, artifact) pairs
/// the fleet's devices benchmark again.
public struct RemeasureView: Codable, Hashable, Sendable {
    public var fleet: String
    public var jobs: Int

    public init(fleet: String, jobs: Int) {
        self.fleet = fleet
        self.jobs = jobs
    }
}

/// A consistent copy of the registry's database (`POST /v1/backups`), downloadable at
/// `GET /v1/backups/{id}`.
public struct BackupView: Codable, Hashable, Sendable {
    public var id: String
    public var sha256: String
    public var sizeBytes: Int
    /// Seconds since 1970.
    public var createdAt: Double

    public init(id: String, sha256: String, sizeBytes: Int, createdAt: Double) {
        self.id = id
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.createdAt = createdAt
    }
}
