/// `POST /v1/enroll`, authorized by the fleet's enrollment token.
public struct EnrollRequest: Codable, Hashable, Sendable {
    public var name: String
    public var fleet: String
    public var hardware: HardwareReport
    public var engineVersion: String
    public var latencyBudgetMs: Double?
    public var memoryBudgetMb: Double?

    public init(
        name: String, fleet: String, hardware: HardwareReport, engineVersion: String, latencyBudgetMs: Double? = nil,
        memoryBudgetMb: Double? = nil
    ) {
        self.name = name
        self.fleet = fleet
        self.hardware = hardware
        self.engineVersion = engineVersion
        self.latencyBudgetMs = latencyBudgetMs
        self.memoryBudgetMb = memoryBudgetMb
    }
}

/// The answer to an enrollment: the device's id and its token (shown once, stored as a hash).
public struct EnrollResponse: Codable, Hashable, Sendable {
    public var deviceId: String
    public var deviceToken: String

    public init(deviceId: String, deviceToken: String) {
        self.deviceId = deviceId
        self.deviceToken = deviceToken
    }
}

/// A device as the API shows it.
public struct DeviceView: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var fleet: String
    public var hardwareClass: String
    public var hardware: HardwareReport
    public var engineVersion: String
    public var latencyBudgetMs: Double?
    public var memoryBudgetMb: Double?
    /// Seconds since 1970, or nil before the first heartbeat.
    public var lastSeen: Double?
    /// The artifact the device last reported active.
    public var currentArtifactId: String?
    /// Seconds since 1970 until which the fleet's enrollment token may enroll this device again
    /// (an operator's approval, see `POST /v1/devices/{id}/reenrollment`); nil when none is open.
    public var reenrollmentApprovedUntil: Double?

    public init(
        id: String, name: String, fleet: String, hardwareClass: String, hardware: HardwareReport, engineVersion: String,
        latencyBudgetMs: Double?, memoryBudgetMb: Double?, lastSeen: Double?, currentArtifactId: String? = nil,
        reenrollmentApprovedUntil: Double? = nil
    ) {
        self.id = id
        self.name = name
        self.fleet = fleet
        self.hardwareClass = hardwareClass
        self.hardware = hardware
        self.engineVersion = engineVersion
        self.latencyBudgetMs = latencyBudgetMs
        self.memoryBudgetMb = memoryBudgetMb
        self.lastSeen = lastSeen
        self.currentArtifactId = currentArtifactId
        self.reenrollmentApprovedUntil = reenrollmentApprovedUntil
    }
}

/// `POST /v1/devices/{id}/reenrollment` (admin): lets the fleet's enrollment token enroll this
/// existing device again, once, within `validMinutes` — to recover a device that lost its token.
public struct ReenrollmentApproval: Codable, Hashable, Sendable {
    public var validMinutes: Int

    public init(validMinutes: Int = 60) {
        self.validMinutes = validMinutes
    }
}

/// `PATCH /v1/devices/{id}`: change a device's budgets; absent fields are left as they are.
public struct UpdateDeviceRequest: Codable, Hashable, Sendable {
    public var latencyBudgetMs: Double?
    public var memoryBudgetMb: Double?

    public init(latencyBudgetMs: Double? = nil, memoryBudgetMb: Double? = nil) {
        self.latencyBudgetMs = latencyBudgetMs
        self.memoryBudgetMb = memoryBudgetMb
    }
}
