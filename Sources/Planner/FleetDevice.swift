/// One device of the fleet, as the planner sees it.
public struct FleetDevice: Hashable, Codable, Sendable {
    /// Unique identifier of the device.
    public var id: String
    /// Human-readable name.
    public var name: String
    /// Devices of one hardware class are alike: their measurements stand in for each other.
    public var hardwareClass: String
    /// Largest acceptable latency in milliseconds, at the policy's percentile and with its headroom.
    public var latencyBudgetMs: Double
    /// Largest acceptable peak resident memory in MB, or `nil` for no memory limit.
    public var memoryBudgetMb: Double?
    /// The artifact the device runs now, if any.
    public var currentArtifactID: String?
    /// The backend it runs that artifact with, if known.
    public var currentBackend: String?

    /// Creates a device.
    public init(
        id: String,
        name: String,
        hardwareClass: String,
        latencyBudgetMs: Double,
        memoryBudgetMb: Double? = nil,
        currentArtifactID: String? = nil,
        currentBackend: String? = nil
    ) {
        self.id = id
        self.name = name
        self.hardwareClass = hardwareClass
        self.latencyBudgetMs = latencyBudgetMs
        self.memoryBudgetMb = memoryBudgetMb
        self.currentArtifactID = currentArtifactID
        self.currentBackend = currentBackend
    }
}
