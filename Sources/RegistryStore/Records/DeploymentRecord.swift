import FleetModel
import Foundation
import GRDB

extension DeploymentState: DatabaseValueConvertible {}

/// A plan carried out, possibly in stages: its assignments are ``AssignmentRecord``s.
public struct DeploymentRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "deployment"

    public var id: String
    public var fleetName: String
    public var planId: String
    /// `deploy`, or `rollback` (back to what the devices of `rollbackOf` ran before it).
    public var kind: String
    public var state: DeploymentState
    public var stageCount: Int
    public var currentStage: Int
    public var maxFailures: Int
    public var rollbackOf: String?
    public var createdAt: Date
    /// When the current stage started, and how long it may wait for its devices (nil: for ever).
    public var stageStartedAt: Date?
    public var stageTimeoutSeconds: Double?

    public init(
        id: String = UUID().uuidString.lowercased(), fleetName: String, planId: String, kind: String = "deploy",
        stageCount: Int = 1, maxFailures: Int = 0, rollbackOf: String? = nil, stageTimeoutSeconds: Double? = nil,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.fleetName = fleetName
        self.planId = planId
        self.kind = kind
        self.state = .running
        self.stageCount = stageCount
        self.currentStage = 0
        self.maxFailures = maxFailures
        self.rollbackOf = rollbackOf
        self.createdAt = createdAt
        self.stageStartedAt = createdAt
        self.stageTimeoutSeconds = stageTimeoutSeconds
    }
}

extension DeploymentRecord {
    static let assignments = hasMany(AssignmentRecord.self)
    /// Fleet events name their deployment without a foreign key: they outlive it.
    static let events = hasMany(FleetEventRecord.self, using: ForeignKey(["deploymentId"])).forKey("events")
}
