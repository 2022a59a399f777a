/// The planner's decision for one device.
public struct DevicePlan: Hashable, Sendable {
    /// The device's ``FleetDevice/id``.
    public var deviceID: String
    /// What to do with the device.
    public var decision: PlanDecision
    /// Whether carrying out the plan replaces the device's current artifact or backend. Only an
    /// assignment of a different artifact, or of the same one on another backend (where the current
    /// backend is known), does; a device with no feasible artifact is left as it is.
    public var changesCurrent: Bool
    /// Every candidate with its verdict, when the policy asks to explain.
    public var candidates: [CandidateExplanation]?

    /// Creates a device plan.
    public init(deviceID: String, decision: PlanDecision, changesCurrent: Bool) {
        self.deviceID = deviceID
        self.decision = decision
        self.changesCurrent = changesCurrent
    }

    /// Creates the plan for `device`; it changes the current artifact when it assigns another one,
    /// or the same one on another backend.
    init(device: FleetDevice, decision: PlanDecision) {
        let changes: Bool
        if case .assign(let estimate) = decision {
            changes = estimate.artifactID != device.currentArtifactID || (device.currentBackend.map { $0 != estimate.backend } ?? false)
        } else {
            changes = false
        }
        self.init(deviceID: device.id, decision: decision, changesCurrent: changes)
    }

    /// The assigned artifact, if the decision is an assignment.
    public var assignment: ArtifactEstimate? {
        guard case .assign(let estimate) = self.decision else {
            return nil
        }
        return estimate
    }

    /// A one-line, human-readable account of the decision (built on demand, not stored).
    public var reason: String {
        self.decision.reason
    }
}

extension DevicePlan: Codable {
    private enum CodingKeys: String, CodingKey {
        case deviceID
        case decision
        case changesCurrent
        case reason
        case candidates
    }

    /// Decodes a plan; a `reason` field, if present, is ignored because it follows from the decision.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.deviceID = try container.decode(String.self, forKey: .deviceID)
        self.decision = try container.decode(PlanDecision.self, forKey: .decision)
        self.changesCurrent = try container.decode(Bool.self, forKey: .changesCurrent)
        self.candidates = try container.decodeIfPresent([CandidateExplanation].self, forKey: .candidates)
    }

    /// Encodes the plan together with its ``reason``, for readers that only show text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.deviceID, forKey: .deviceID)
        try container.encode(self.decision, forKey: .decision)
        try container.encode(self.changesCurrent, forKey: .changesCurrent)
        try container.encode(self.reason, forKey: .reason)
        try container.encodeIfPresent(self.candidates, forKey: .candidates)
    }
}
