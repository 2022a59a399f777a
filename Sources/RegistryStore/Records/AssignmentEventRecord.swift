import FleetModel
import Foundation
import GRDB

/// One entry of an assignment's append-only history.
public struct AssignmentEventRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "assignmentEvent"

    public var id: Int64?
    public var assignmentId: String
    public var state: AssignmentState
    public var detail: String?
    /// `operator`, `registry` or `device:<name>`.
    public var actor: String
    public var at: Date

    public init(assignmentId: String, state: AssignmentState, detail: String?, actor: String, at: Date = Date()) {
        self.assignmentId = assignmentId
        self.state = state
        self.detail = detail
        self.actor = actor
        self.at = at
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
