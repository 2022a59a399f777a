import Foundation
import GRDB
import RegistryAPI

/// An assignment with what a reader needs to show it.
public struct AssignmentDetails: Hashable, Sendable {
    public var assignment: AssignmentRecord
    public var deviceName: String
    public var artifact: ArtifactRecord
    public var history: [AssignmentEventRecord]
}

/// A deployment and its assignments.
public struct DeploymentDetails: Hashable, Sendable {
    public var deployment: DeploymentRecord
    public var assignments: [AssignmentDetails]
}

extension RegistryStore {
    /// Carries out plan `planId`: a pending assignment for every device it assigns an artifact;
    /// those devices' unfinished assignments become superseded.
    public func createDeployment(planId: String) async throws -> DeploymentDetails {
        try await write { db in
            guard let plan = try PlanRecord.fetchOne(db, key: planId) else { throw StoreError(.notFound, "no plan \(planId)") }
            let deployment = DeploymentRecord(fleetName: plan.fleetName, planId: plan.id)
            try deployment.insert(db)
            let entries = try PlanEntryRecord.filter(Column("planId") == planId && Column("decision") == "assign").order(Column("position")).fetchAll(db)
            for entry in entries {
                guard let artifactId = entry.artifactId else { continue }
                guard try DeviceRecord.exists(db, key: entry.deviceId) else { continue }  // removed since planning
                let unfinished = try AssignmentRecord
                    .filter(Column("deviceId") == entry.deviceId && [AssignmentState.pending, .downloading].contains(Column("state")))
                    .fetchAll(db)
                for var old in unfinished {
                    try Self.transition(&old, to: .superseded, detail: "superseded by deployment \(deployment.id)", db)
                }
                let assignment = AssignmentRecord(deploymentId: deployment.id, deviceId: entry.deviceId, artifactId: artifactId)
                try assignment.insert(db)
                var event = AssignmentEventRecord(assignmentId: assignment.id, state: .pending, detail: nil, at: assignment.createdAt)
                try event.insert(db)
            }
            return try Self.details(of: deployment, db)
        }
    }

    /// Deployments, newest first, with their assignments.
    public func deployments(fleet: String? = nil) async throws -> [DeploymentDetails] {
        try await read { db in
            var request = DeploymentRecord.all()
            if let fleet { request = request.filter(Column("fleetName") == fleet) }
            return try request.order(Column("createdAt").desc, Column("id")).fetchAll(db).map { try Self.details(of: $0, db) }
        }
    }

    public func deployment(id: String) async throws -> DeploymentDetails {
        try await read { db in
            guard let deployment = try DeploymentRecord.fetchOne(db, key: id) else { throw StoreError(.notFound, "no deployment \(id)") }
            return try Self.details(of: deployment, db)
        }
    }

    /// The device's newest assignment that is not superseded.
    public func currentAssignment(deviceId: String) async throws -> AssignmentDetails? {
        try await read { db in
            let assignment = try AssignmentRecord
                .filter(Column("deviceId") == deviceId && Column("state") != AssignmentState.superseded)
                .order(Column("createdAt").desc, Column("id").desc)
                .fetchOne(db)
            return try assignment.map { try Self.details(of: $0, db) }
        }
    }

    /// Records a device's report on its assignment. Repeating the current state changes nothing;
    /// a final state (active, failed, superseded) cannot be left. `active` makes the artifact the
    /// device's current one.
    public func reportAssignment(id: String, deviceId: String, state: AssignmentState, detail: String?) async throws -> AssignmentDetails {
        try await write { db in
            guard var assignment = try AssignmentRecord.fetchOne(db, key: id), assignment.deviceId == deviceId else {
                throw StoreError(.notFound, "no assignment \(id) for this device")
            }
            guard state != assignment.state else { return try Self.details(of: assignment, db) }
            guard !assignment.state.isFinal else {
                throw StoreError(.conflict, "assignment \(id) is \(assignment.state.rawValue) and cannot become \(state.rawValue)")
            }
            guard state != .pending, state != .superseded else { throw StoreError(.invalid, "field 'state' cannot be set to \(state.rawValue) by a device") }
            try Self.transition(&assignment, to: state, detail: detail, db)
            if state == .active {
                try db.execute(sql: "UPDATE device SET currentArtifactId = ? WHERE id = ?", arguments: [assignment.artifactId, deviceId])
            }
            return try Self.details(of: assignment, db)
        }
    }

    private static func transition(_ assignment: inout AssignmentRecord, to state: AssignmentState, detail: String?, _ db: Database) throws {
        let now = Date()
        assignment.state = state
        assignment.detail = detail
        assignment.updatedAt = now
        try assignment.update(db)
        var event = AssignmentEventRecord(assignmentId: assignment.id, state: state, detail: detail, at: now)
        try event.insert(db)
    }

    private static func details(of deployment: DeploymentRecord, _ db: Database) throws -> DeploymentDetails {
        let assignments = try AssignmentRecord.filter(Column("deploymentId") == deployment.id).order(Column("createdAt"), Column("id")).fetchAll(db)
        return DeploymentDetails(deployment: deployment, assignments: try assignments.map { try details(of: $0, db) })
    }

    private static func details(of assignment: AssignmentRecord, _ db: Database) throws -> AssignmentDetails {
        guard let artifact = try ArtifactRecord.fetchOne(db, key: assignment.artifactId) else { throw StoreError(.notFound, "no artifact \(assignment.artifactId)") }
        let name = try String.fetchOne(db, sql: "SELECT name FROM device WHERE id = ?", arguments: [assignment.deviceId]) ?? assignment.deviceId
        let history = try AssignmentEventRecord.filter(Column("assignmentId") == assignment.id).order(Column("id")).fetchAll(db)
        return AssignmentDetails(assignment: assignment, deviceName: name, artifact: artifact, history: history)
    }
}
