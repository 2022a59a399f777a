/// `POST /v1/deployments`: carry out a stored plan: every device the plan assigns an artifact
/// gets an assignment.
public struct CreateDeploymentRequest: Codable, Hashable, Sendable {
    public var planId: String

    public init(planId: String) {
        self.planId = planId
    }

    enum CodingKeys: String, CodingKey {
        case planId = "plan_id"
    }
}

/// A deployment and the state of each of its assignments.
public struct DeploymentView: Codable, Hashable, Sendable {
    public var id: String
    public var fleet: String
    public var planId: String
    /// Seconds since 1970.
    public var createdAt: Double
    public var assignments: [AssignmentView]

    public init(id: String, fleet: String, planId: String, createdAt: Double, assignments: [AssignmentView]) {
        self.id = id
        self.fleet = fleet
        self.planId = planId
        self.createdAt = createdAt
        self.assignments = assignments
    }

    enum CodingKeys: String, CodingKey {
        case id, fleet, assignments
        case planId = "plan_id"
        case createdAt = "created_at"
    }
}

/// The states of an assignment. `pending` → `downloading` → `active` or `failed`; a newer
/// deployment makes an unfinished one `superseded`.
public enum AssignmentState: String, Codable, Hashable, Sendable, CaseIterable {
    case pending, downloading, active, failed, superseded

    /// Whether the device is done with the assignment.
    public var isFinal: Bool { self == .active || self == .failed || self == .superseded }
}

/// One device's assignment: the artifact it must run, where it is, and how it got there.
public struct AssignmentView: Codable, Hashable, Sendable {
    public var id: String
    public var deploymentId: String
    public var deviceId: String
    public var device: String
    public var artifactId: String
    public var variant: String
    public var precision: String
    public var sizeBytes: Int
    public var state: AssignmentState
    public var detail: String?
    /// Seconds since 1970.
    public var updatedAt: Double
    /// Every state the assignment went through, oldest first.
    public var history: [AssignmentEventView]

    public init(
        id: String, deploymentId: String, deviceId: String, device: String, artifactId: String, variant: String, precision: String,
        sizeBytes: Int, state: AssignmentState, detail: String?, updatedAt: Double, history: [AssignmentEventView]
    ) {
        self.id = id
        self.deploymentId = deploymentId
        self.deviceId = deviceId
        self.device = device
        self.artifactId = artifactId
        self.variant = variant
        self.precision = precision
        self.sizeBytes = sizeBytes
        self.state = state
        self.detail = detail
        self.updatedAt = updatedAt
        self.history = history
    }

    enum CodingKeys: String, CodingKey {
        case id, device, variant, precision, state, detail, history
        case deploymentId = "deployment_id"
        case deviceId = "device_id"
        case artifactId = "artifact_id"
        case sizeBytes = "size_bytes"
        case updatedAt = "updated_at"
    }
}

/// One state change of an assignment.
public struct AssignmentEventView: Codable, Hashable, Sendable {
    public var state: AssignmentState
    public var detail: String?
    /// Seconds since 1970.
    public var at: Double

    public init(state: AssignmentState, detail: String?, at: Double) {
        self.state = state
        self.detail = detail
        self.at = at
    }
}

/// `POST /v1/assignments/{id}/state`: a device reports progress on its assignment.
public struct AssignmentStateReport: Codable, Hashable, Sendable {
    public var state: AssignmentState
    public var detail: String?

    public init(state: AssignmentState, detail: String? = nil) {
        self.state = state
        self.detail = detail
    }
}
