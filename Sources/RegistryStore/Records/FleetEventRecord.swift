import Foundation
import GRDB

/// One entry of a fleet's append-only history: deployments created, stages started, rollouts
/// halted, rollbacks, budget changes. Never updated or deleted.
public struct FleetEventRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "fleetEvent"

    public var id: Int64?
    public var fleetName: String
    public var deploymentId: String?
    public var deviceId: String?
    /// `operator`, `registry` or `device:<name>`.
    public var actor: String
    public var kind: String
    public var detail: String?
    public var at: Date

    public init(
        fleetName: String, deploymentId: String? = nil, deviceId: String? = nil, actor: String, kind: String, detail: String?,
        at: Date = Date()
    ) {
        self.fleetName = fleetName
        self.deploymentId = deploymentId
        self.deviceId = deviceId
        self.actor = actor
        self.kind = kind
        self.detail = detail
        self.at = at
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Appends an event.
    static func append(_ event: FleetEventRecord, _ db: Database) throws {
        var event = event
        try event.insert(db)
    }
}
