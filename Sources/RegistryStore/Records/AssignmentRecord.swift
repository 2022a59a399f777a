import Foundation
import GRDB
import RegistryAPI

extension AssignmentState: DatabaseValueConvertible {}

/// One device's part of a deployment: the artifact it must run and how far it got.
public struct AssignmentRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "assignment"

    public var id: String
    public var deploymentId: String
    public var deviceId: String
    public var artifactId: String
    public var state: AssignmentState
    public var detail: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String = UUID().uuidString.lowercased(), deploymentId: String, deviceId: String, artifactId: String, state: AssignmentState = .pending, detail: String? = nil, createdAt: Date = Date()) {
        self.id = id
        self.deploymentId = deploymentId
        self.deviceId = deviceId
        self.artifactId = artifactId
        self.state = state
        self.detail = detail
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
