import Foundation
import GRDB
import RegistryAPI

/// The rollout controller. It runs inside the write transaction of the report that settles a
/// stage's last assignment, so a stage is judged exactly once and its outcome is stored with the
/// report that caused it.
extension RegistryStore {
    /// Judges the current stage of a running deployment once all its devices have settled: more
    /// than `maxFailures` failed or over-budget devices halt the rollout (those devices go back to
    /// their last-known-good artifact, later stages are cancelled); otherwise the next stage starts,
    /// or the deployment completes.
    static func evaluateStage(of deploymentId: String, _ db: Database) throws {
        guard var deployment = try DeploymentRecord.fetchOne(db, key: deploymentId), deployment.state == .running else { return }
        let stage =
            try AssignmentRecord
            .filter(
                Column("deploymentId") == deploymentId && Column("stage") == deployment.currentStage && Column("purpose") == deployment.kind
            )
            .fetchAll(db)
        guard stage.allSatisfy(\.state.isSettled) else { return }
        let failures = stage.filter { $0.state == .failed || $0.state == .breached }
        let label = deployment.currentStage == 0 && deployment.stageCount > 1 ? "stage 0 (canary)" : "stage \(deployment.currentStage)"
        if failures.count > deployment.maxFailures {
            try halt(
                &deployment,
                reason:
                    "\(label): \(failures.count) of \(stage.count) devices failed or breached their budget (at most "
                    + "\(deployment.maxFailures) allowed)",
                actor: "registry", db)
            for failure in failures { try rollBackDevice(failure, deployment: deployment, db) }
            return
        }
        try FleetEventRecord.append(
            FleetEventRecord(
                fleetName: deployment.fleetName, deploymentId: deploymentId, actor: "registry", kind: "stage-passed",
                detail: "\(label): \(stage.count - failures.count) of \(stage.count) healthy"),
            db)
        guard deployment.currentStage + 1 < deployment.stageCount else {
            deployment.state = .completed
            try deployment.update(db)
            try FleetEventRecord.append(
                FleetEventRecord(
                    fleetName: deployment.fleetName, deploymentId: deploymentId, actor: "registry", kind: "deployment-completed",
                    detail: nil), db)
            return
        }
        deployment.currentStage += 1
        try deployment.update(db)
        let next = try AssignmentRecord.filter(
            Column("deploymentId") == deploymentId && Column("stage") == deployment.currentStage
                && Column("state") == AssignmentState.waiting
        ).fetchAll(db)
        for var assignment in next {
            try transition(&assignment, to: .pending, detail: "stage \(deployment.currentStage) started", actor: "registry", db)
        }
        try FleetEventRecord.append(
            FleetEventRecord(
                fleetName: deployment.fleetName, deploymentId: deploymentId, actor: "registry", kind: "stage-started",
                detail: "stage \(deployment.currentStage): \(next.count) devices"),
            db)
    }

    /// Halts a running deployment: its waiting assignments are cancelled.
    static func halt(_ deployment: inout DeploymentRecord, reason: String, actor: String, _ db: Database) throws {
        deployment.state = .halted
        try deployment.update(db)
        let waiting = try AssignmentRecord.filter(Column("deploymentId") == deployment.id && Column("state") == AssignmentState.waiting)
            .fetchAll(db)
        for var assignment in waiting {
            try transition(&assignment, to: .cancelled, detail: "rollout halted", actor: actor, db)
        }
        try FleetEventRecord.append(
            FleetEventRecord(
                fleetName: deployment.fleetName, deploymentId: deployment.id, actor: actor, kind: "deployment-halted", detail: reason), db)
    }

    /// Sends a device whose assignment failed or breached back to its last-known-good artifact; a
    /// device that ran nothing before (its first deployment breached) goes back to running nothing.
    private static func rollBackDevice(_ failed: AssignmentRecord, deployment: DeploymentRecord, _ db: Database) throws {
        guard let previous = failed.previousArtifactId else {
            guard failed.state == .breached else { return }  // a failed activation left nothing running
            let withdrawal = AssignmentRecord(
                deploymentId: deployment.id, deviceId: failed.deviceId, artifactId: failed.artifactId, backend: failed.backend,
                stage: failed.stage, purpose: "withdraw")
            try withdrawal.insert(db)
            var event = AssignmentEventRecord(
                assignmentId: withdrawal.id, state: .pending, detail: "automatic withdrawal: assignment \(failed.id) breached",
                actor: "registry",
                at: withdrawal.createdAt)
            try event.insert(db)
            try FleetEventRecord.append(
                FleetEventRecord(
                    fleetName: deployment.fleetName, deploymentId: deployment.id, deviceId: failed.deviceId, actor: "registry",
                    kind: "withdrawal",
                    detail: "no last-known-good: the device ran nothing before this deployment, so it stops serving \(failed.artifactId) "
                        + "and runs nothing again after \(failed.state.rawValue): \(failed.detail ?? "")"),
                db)
            return
        }
        let current = try Row.fetchOne(
            db, sql: "SELECT currentArtifactId, currentBackend FROM device WHERE id = ?", arguments: [failed.deviceId])
        let rollback = AssignmentRecord(
            deploymentId: deployment.id, deviceId: failed.deviceId, artifactId: previous, backend: failed.previousBackend ?? "xnnpack",
            stage: failed.stage,
            purpose: "rollback", previousArtifactId: current?["currentArtifactId"], previousBackend: current?["currentBackend"])
        try rollback.insert(db)
        var event = AssignmentEventRecord(
            assignmentId: rollback.id, state: .pending, detail: "automatic rollback: assignment \(failed.id) was \(failed.state.rawValue)",
            actor: "registry", at: rollback.createdAt)
        try event.insert(db)
        try FleetEventRecord.append(
            FleetEventRecord(
                fleetName: deployment.fleetName, deploymentId: deployment.id, deviceId: failed.deviceId, actor: "registry",
                kind: "rollback", detail: "back to \(previous) after \(failed.state.rawValue): \(failed.detail ?? "")"),
            db)
    }
}
