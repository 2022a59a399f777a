import FleetModel
import Foundation
import PostgresNIO
import RegistryStore

/// Operators end things, as the SQLite store's lifecycle methods do: each one transaction that
/// leaves the fleet's history saying so. Deleting a device notifies the other replicas, which drop
/// its cached token.
extension PostgresStore {
    @discardableResult
    public func deleteDevice(id: String, actor: String) async throws -> DeviceRecord {
        try await write { db in
            let device = try await Self.device(id: id, lock: true, db)
            let running = try await db.all(
                """
                SELECT DISTINCT s.deployment_id FROM assignment s JOIN deployment d ON d.id = s.deployment_id
                WHERE s.device_id = \(id) AND d.state = \(DeploymentState.running.rawValue) ORDER BY s.deployment_id
                """
            ).map { try $0("deployment_id", as: String.self) }
            try await db.execute("DELETE FROM device WHERE id = \(id)")
            try await Self.notifyRevoked(deviceId: id, db)
            try await Self.append(
                FleetEventRecord.deviceDeleted(device, actor: actor),
                db)
            for deploymentId in running { try await Self.evaluateStage(of: deploymentId, db) }
            return device
        }
    }

    @discardableResult
    public func deleteFleet(name: String, force: Bool, actor: String) async throws -> [String] {
        try await write { db in
            _ = try await Self.fleet(named: name, lock: true, db)
            let devices = try await db.all("SELECT id FROM device WHERE fleet_name = \(name) ORDER BY id FOR UPDATE").map {
                try $0("id", as: String.self)
            }
            guard devices.isEmpty || force else {
                throw StoreError.fleetHasDevices(name, count: devices.count)
            }
            // Children first: a deployment holds its plan (restrict), assignments hold devices and artifacts.
            try await db.execute("DELETE FROM deployment WHERE fleet_name = \(name)")
            try await db.execute("DELETE FROM device WHERE fleet_name = \(name)")
            try await db.execute("DELETE FROM fleet WHERE name = \(name)")
            for id in devices { try await Self.notifyRevoked(deviceId: id, db) }
            try await Self.append(
                FleetEventRecord.fleetDeleted(name, devices: devices.count, actor: actor),
                db)
            return devices
        }
    }

    @discardableResult
    public func deleteArtifact(id: String, actor: String) async throws -> ArtifactRecord {
        try await write { db in
            guard
                let row = try await db.row(
                    "SELECT \(unescaped: ArtifactRecord.postgresColumns.select()) FROM artifact WHERE id = \(id) FOR UPDATE"),
                case var artifact = try ArtifactRecord(row), artifact.deletedAt == nil
            else { throw StoreError(.notFound, "no artifact \(id)") }
            let running = try await db.all("SELECT name FROM device WHERE current_artifact_id = \(id) ORDER BY name").map {
                try $0("name", as: String.self)
            }
            let unsettled = AssignmentState.allCases.filter { !$0.isSettled }.map(\.rawValue)
            let assigned = try await db.all(
                "SELECT 1 FROM assignment WHERE artifact_id = \(id) AND state = ANY(\(unsettled)::text[])"
            ).count
            guard running.isEmpty, assigned == 0 else {
                throw StoreError.artifactAssigned(id, devices: running, assignments: assigned)
            }
            artifact.deletedAt = Date()
            try await db.execute("UPDATE artifact SET deleted_at = \(artifact.deletedAt) WHERE id = \(id)")
            try await db.execute("DELETE FROM benchmark_job WHERE artifact_id = \(id) AND state <> 'done'")
            return artifact
        }
    }

    public func cancelDeployment(id: String, actor: String) async throws -> DeploymentDetails {
        try await write { db in
            let deployment = try await Self.deployment(id: id, lock: true, db)
            guard deployment.state == .running else {
                throw StoreError.notRunning(deployment)
            }
            let now = Date()
            let detail = "rollout cancelled by \(actor)"
            let cancelled = try await db.execute(
                """
                WITH moved AS (
                    UPDATE assignment SET state = 'cancelled', detail = \(detail), updated_at = \(now)
                    WHERE deployment_id = \(id) AND state IN ('waiting', 'pending')
                    RETURNING id, seq)
                INSERT INTO assignment_event (assignment_id, state, detail, actor, at)
                SELECT id, 'cancelled', \(detail), \(actor), \(now) FROM moved ORDER BY seq
                RETURNING 1
                """)
            try await db.execute("UPDATE deployment SET state = \(DeploymentState.cancelled.rawValue) WHERE id = \(id)")
            try await Self.append(
                FleetEventRecord.deploymentCancelled(deployment, unstarted: cancelled, actor: actor),
                db)
            return try await Self.details(of: id, db)
        }
    }
}
