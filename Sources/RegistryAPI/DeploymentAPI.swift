import EffCore

/// `POST /v1/deployments`: carry out a stored plan: every device the plan assigns an artifact
/// gets an assignment. With `canary_percent` and/or `waves` the rollout goes in stages: the
/// canary devices first, then the rest in `waves` groups; each stage starts only once every
/// device of the one before reported its health, and a stage with more than `max_failures`
/// failed or over-budget devices halts the rollout and rolls those devices back.
public struct CreateDeploymentRequest: Codable, Hashable, Sendable {
    public var planId: String
    /// Share of the devices (0–100) in the first stage; nil or 0 for no canary stage.
    public var canaryPercent: Double?
    /// Stages after the canary (default 1).
    public var waves: Int?
    /// Failed or over-budget devices a stage tolerates (default 0).
    public var maxFailures: Int?
    /// How long each stage waits for its devices, in seconds; a device that has not reported by
    /// then counts as failed (default: no deadline).
    public var stageTimeoutSeconds: Double?
    /// Deploy to the plan's devices that are offline too (default: leave them out, see
    /// ``DeploymentView/offlineLeftOut``).
    public var includeOffline: Bool?

    public init(
        planId: String, canaryPercent: Double? = nil, waves: Int? = nil, maxFailures: Int? = nil, stageTimeoutSeconds: Double? = nil,
        includeOffline: Bool? = nil
    ) {
        self.includeOffline = includeOffline
        self.planId = planId
        self.canaryPercent = canaryPercent
        self.waves = waves
        self.maxFailures = maxFailures
        self.stageTimeoutSeconds = stageTimeoutSeconds
    }
}

/// A deployment, the state of each of its assignments, and its history.
public struct DeploymentView: Codable, Hashable, Sendable {
    public var id: String
    /// In the answer to its creation only: the names of the plan's devices left out because they
    /// were offline (no heartbeat within the registry's bound); nil when none was.
    public var offlineLeftOut: [String]? = nil
    public var fleet: String
    public var planId: String
    /// `deploy`, or `rollback` (returns the devices of `rollbackOf` to what they ran before it).
    public var kind: String
    public var state: DeploymentState
    public var stageCount: Int
    /// The stage now rolling out (0 is the canary stage when there is one).
    public var currentStage: Int
    public var maxFailures: Int
    public var rollbackOf: String?
    /// Seconds since 1970.
    public var createdAt: Double
    /// When the current stage started (seconds since 1970), and its deadline in seconds (nil: none).
    public var stageStartedAt: Double?
    public var stageTimeoutSeconds: Double?
    public var assignments: [AssignmentView]
    /// What happened to the deployment, oldest first.
    public var events: [FleetEventView]

    public init(
        id: String, fleet: String, planId: String, kind: String, state: DeploymentState, stageCount: Int, currentStage: Int,
        maxFailures: Int, rollbackOf: String?, createdAt: Double, stageStartedAt: Double? = nil, stageTimeoutSeconds: Double? = nil,
        assignments: [AssignmentView], events: [FleetEventView]
    ) {
        self.id = id
        self.fleet = fleet
        self.planId = planId
        self.kind = kind
        self.state = state
        self.stageCount = stageCount
        self.currentStage = currentStage
        self.maxFailures = maxFailures
        self.rollbackOf = rollbackOf
        self.createdAt = createdAt
        self.stageStartedAt = stageStartedAt
        self.stageTimeoutSeconds = stageTimeoutSeconds
        self.assignments = assignments
        self.events = events
    }
}

/// One entry of a fleet's append-only history: who did what, when.
public struct FleetEventView: Codable, Hashable, Sendable {
    /// Seconds since 1970.
    public var at: Double
    /// `operator`, `registry` (automatic steps) or `device:<name>`.
    public var actor: String
    /// e.g. `deployment-created`, `stage-started`, `deployment-halted`, `rollback`, `budget-changed`.
    public var kind: String
    public var deploymentId: String?
    public var deviceId: String?
    public var detail: String?

    public init(at: Double, actor: String, kind: String, deploymentId: String?, deviceId: String?, detail: String?) {
        self.at = at
        self.actor = actor
        self.kind = kind
        self.deploymentId = deploymentId
        self.deviceId = deviceId
        self.detail = detail
    }
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
    /// The engine backend to serve the artifact with; nil (from older registries) means XNNPACK.
    public var backend: String?
    public var sizeBytes: Int
    public var state: AssignmentState
    public var detail: String?
    /// The rollout stage it belongs to.
    public var stage: Int
    /// `deploy`; `rollback` (back to the last-known-good artifact after a failed stage); or
    /// `withdraw` (stop serving `artifactId` and run nothing: a device whose first deployment
    /// breached, so that it has no last-known-good).
    public var purpose: String
    /// What the device ran before: its last-known-good artifact.
    public var previousArtifactId: String?
    /// In-service latency at the plan's percentile and the budget it was held to.
    public var healthLatencyMs: Double?
    public var healthBudgetMs: Double?
    /// Seconds since 1970.
    public var updatedAt: Double
    /// Every state the assignment went through, oldest first.
    public var history: [AssignmentEventView]

    public init(
        id: String, deploymentId: String, deviceId: String, device: String, artifactId: String, variant: String, precision: String,
        backend: String? = nil, sizeBytes: Int, state: AssignmentState, detail: String?, stage: Int = 0, purpose: String = "deploy",
        previousArtifactId: String? = nil, healthLatencyMs: Double? = nil, healthBudgetMs: Double? = nil, updatedAt: Double,
        history: [AssignmentEventView]
    ) {
        self.id = id
        self.deploymentId = deploymentId
        self.deviceId = deviceId
        self.device = device
        self.artifactId = artifactId
        self.variant = variant
        self.precision = precision
        self.backend = backend
        self.sizeBytes = sizeBytes
        self.state = state
        self.detail = detail
        self.stage = stage
        self.purpose = purpose
        self.previousArtifactId = previousArtifactId
        self.healthLatencyMs = healthLatencyMs
        self.healthBudgetMs = healthBudgetMs
        self.updatedAt = updatedAt
        self.history = history
    }
}

/// One state change of an assignment.
public struct AssignmentEventView: Codable, Hashable, Sendable {
    public var state: AssignmentState
    public var detail: String?
    /// `operator`, `registry` or `device:<name>`.
    public var actor: String
    /// Seconds since 1970.
    public var at: Double

    public init(state: AssignmentState, detail: String?, actor: String, at: Double) {
        self.state = state
        self.detail = detail
        self.actor = actor
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
