import FleetModel
import Foundation
import GRDB

/// Operators end things: a device decommissioned, a fleet removed, an artifact withdrawn, a
/// rollout cancelled. Each is one transaction that leaves the fleet's history (``FleetEventRecord``)
/// saying so.
extension RegistryStore {
    /// Deletes a device with its results, jobs and assignments; its token stops working (the
    /// service also forgets its cached token). Running deployments whose current stage waited for
    /// it are judged again without it.
    @discardableResult
    public func deleteDevice(id: String, actor: String) async throws -> DeviceRecord {
        try await write { db in
            guard let device = try DeviceRecord.fetchOne(db, key: id) else { throw StoreError(.notFound, "no device \(id)") }
            let running = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT a.deploymentId FROM assignment a JOIN deployment d ON d.id = a.deploymentId
                    WHERE a.deviceId = ? AND d.state = ?
                    """, arguments: [id, DeploymentState.running])
            try device.delete(db)
            try FleetEventRecord.append(
                FleetEventRecord.deviceDeleted(device, actor: actor),
                db)
            for deploymentId in running { try Self.evaluateStage(of: deploymentId, db) }
            return device
        }
    }

    /// Deletes a fleet with its plans and deployments; refused (conflict) while it has devices,
    /// unless `force`, which deletes them too. Returns the ids of the devices deleted.
    @discardableResult
    public func deleteFleet(name: String, force: Bool, actor: String) async throws -> [String] {
        try await write { db in
            guard let fleet = try FleetRecord.fetchOne(db, key: name) else { throw StoreError(.notFound, "no fleet '\(name)'") }
            let devices = try String.fetchAll(db, sql: "SELECT id FROM device WHERE fleetName = ?", arguments: [name])
            guard devices.isEmpty || force else {
                throw StoreError.fleetHasDevices(name, count: devices.count)
            }
            // Children first: a deployment holds its plan (restrict), assignments hold devices and artifacts.
            try db.execute(sql: "DELETE FROM deployment WHERE fleetName = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM device WHERE fleetName = ?", arguments: [name])
            try fleet.delete(db)
            try FleetEventRecord.append(
                FleetEventRecord.fleetDeleted(name, devices: devices.count, actor: actor),
                db)
            return devices
        }
    }

    /// Marks an artifact deleted (the service removes its blob) and drops its pending jobs; refused
    /// (conflict) while a device runs it or an unfinished assignment names it.
    @discardableResult
    public func deleteArtifact(id: String, actor: String) async throws -> ArtifactRecord {
        try await write { db in
            guard var artifact = try ArtifactRecord.fetchOne(db, key: id), artifact.deletedAt == nil else {
                throw StoreError(.notFound, "no artifact \(id)")
            }
            let running = try String.fetchAll(db, sql: "SELECT name FROM device WHERE currentArtifactId = ? ORDER BY name", arguments: [id])
            let assigned = try AssignmentRecord.filter(Column("artifactId") == id).fetchAll(db).filter { !$0.state.isSettled }
            guard running.isEmpty, assigned.isEmpty else {
                throw StoreError.artifactAssigned(id, devices: running, assignments: assigned.count)
            }
            artifact.deletedAt = Date()
            try artifact.update(db)
            try db.execute(sql: "DELETE FROM benchmarkJob WHERE artifactId = ? AND state != 'done'", arguments: [id])
            return artifact
        }
    }

    /// Cancels a running deployment: the assignments not yet started (waiting, pending) are
    /// cancelled, those under way finish as they are, and no later stage starts.
    public func cancelDeployment(id: String, actor: String) async throws -> DeploymentDetails {
        try await write { db in
            guard var deployment = try DeploymentRecord.fetchOne(db, key: id) else { throw StoreError(.notFound, "no deployment \(id)") }
            guard deployment.state == .running else {
                throw StoreError.notRunning(deployment)
            }
            let unstarted = try AssignmentRecord.filter(
                Column("deploymentId") == id && [AssignmentState.waiting, .pending].contains(Column("state"))
            ).fetchAll(db)
            for var assignment in unstarted {
                try Self.transition(&assignment, to: .cancelled, detail: "rollout cancelled by \(actor)", actor: actor, db)
            }
            deployment.state = .cancelled
            try deployment.update(db)
            try FleetEventRecord.append(
                FleetEventRecord.deploymentCancelled(deployment, unstarted: unstarted.count, actor: actor),
                db)
            return try Self.details(of: deployment, db)
        }
    }
}
