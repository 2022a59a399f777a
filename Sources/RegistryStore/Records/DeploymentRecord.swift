import Foundation
import GRDB

/// A plan carried out: its assignments are ``AssignmentRecord``s.
public struct DeploymentRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "deployment"

    public var id: String
    public var fleetName: String
    public var planId: String
    public var createdAt: Date

    public init(id: String = UUID().uuidString.lowercased(), fleetName: String, planId: String, createdAt: Date = Date()) {
        self.id = id
        self.fleetName = fleetName
        self.planId = planId
        self.createdAt = createdAt
    }
}
