import FleetModel
import Foundation
import GRDB

extension AssignmentState: DatabaseValueConvertible {}
extension AssignmentPurpose: DatabaseValueConvertible {}
extension LatencyPercentile: DatabaseValueConvertible {}

/// One device's part of a deployment: the artifact it must run and how far it got.
public struct AssignmentRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "assignment"

    public var id: String
    public var deploymentId: String
    public var deviceId: String
    public var artifactId: String
    /// The engine backend the device serves the artifact with.
    public var backend: String
    public var state: AssignmentState
    public var detail: String?
    /// The rollout stage; devices see it once its stage starts.
    public var stage: Int
    /// `deploy`, or `rollback` (back to `artifactId`, the device's last-known-good).
    public var purpose: AssignmentPurpose
    /// The artifact the device ran when the assignment was made: its last-known-good.
    public var previousArtifactId: String?
    /// The backend the device served its last-known-good artifact with, where known.
    public var previousBackend: String?
    /// In-service latency at the plan's percentile, and the budget it was held to.
    public var healthLatencyMs: Double?
    public var healthBudgetMs: Double?
    /// The health gate's readings so far (see ``HealthGate``).
    public var healthReports: [HealthGate.Report]?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(), deploymentId: String, deviceId: String, artifactId: String, backend: String,
        state: AssignmentState = .pending, stage: Int = 0, purpose: AssignmentPurpose = .deploy, previousArtifactId: String? = nil,
        previousBackend: String? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.deploymentId = deploymentId
        self.deviceId = deviceId
        self.artifactId = artifactId
        self.backend = backend
        self.state = state
        self.stage = stage
        self.purpose = purpose
        self.previousArtifactId = previousArtifactId
        self.previousBackend = previousBackend
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}

extension AssignmentRecord {
    static let artifact = belongsTo(ArtifactRecord.self)
    static let device = belongsTo(DeviceRecord.self)
    static let history = hasMany(AssignmentEventRecord.self).forKey("history")
}
