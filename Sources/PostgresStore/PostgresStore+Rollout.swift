import FleetModel
import Foundation
import PostgresNIO
import RegistryStore

/// The rollout controller, as the SQLite store's: it runs inside the transaction of the report
/// that settles a stage's last assignment. That transaction holds the deployment's row lock
/// (taken before the report's assignment is read), so reports of one deployment's devices are
/// applied one after another on every replica, and the stage is judged by exactly one of them:
/// the one that sees every assignment settled.
extension PostgresStore {
    /// Judges the current stage of a running deployment with ``FleetModel/StageJudge``.
    static func evaluateStage(of deploymentId: String, _ db: PostgresTransaction) async throws {
        var deployment = try await deployment(id: deploymentId, lock: true, db)
        guard deployment.state == .running else { return }
        let stage = try await db.all(
            """
            SELECT \(unescaped: AssignmentRecord.postgresColumns.select()) FROM assignment
            WHERE deployment_id = \(deploymentId) AND stage = \(deployment.currentStage) AND purpose = \(deployment.kind)
            ORDER BY seq
            """
        ).map(AssignmentRecord.init)
        let label = StageJudge.label(stage: deployment.currentStage, stageCount: deployment.stageCount)
        let verdict = StageJudge.judge(
            stage.map(\.state), stage: deployment.currentStage, stageCount: deployment.stageCount, maxFailures: deployment.maxFailures)
        switch verdict {
        case .waiting:
            return
        case .halt(let failures, let devices):
            try await halt(
                &deployment,
                reason: "\(label): \(failures) of \(devices) devices failed or breached their budget "
                    + "(at most \(deployment.maxFailures) allowed)",
                actor: "registry", db)
            for failure in stage where StageJudge.isFailure(failure.state) { try await rollBackDevice(failure, deployment: deployment, db) }
        case .advance(let next, let failures, let devices):
            try await appendStagePassed(deployment, label: label, failures: failures, devices: devices, db)
            deployment.currentStage = next
            try await db.execute("UPDATE deployment SET current_stage = \(next) WHERE id = \(deploymentId)")
            let started = try await move(
                deploymentId: deploymentId, stage: next, from: .waiting, to: .pending, detail: "stage \(next) started", actor: "registry",
                db)
            try await append(
                FleetEventRecord(
                    fleetName: deployment.fleetName, deploymentId: deploymentId, actor: "registry", kind: "stage-started",
                    detail: "stage \(next): \(started) devices"),
                db)
        case .complete(let failures, let devices):
            try await appendStagePassed(deployment, label: label, failures: failures, devices: devices, db)
            deployment.state = .completed
            try await db.execute("UPDATE deployment SET state = \(DeploymentState.completed.rawValue) WHERE id = \(deploymentId)")
            try await append(
                FleetEventRecord(
                    fleetName: deployment.fleetName, deploymentId: deploymentId, actor: "registry", kind: "deployment-completed",
                    detail: nil), db)
        }
    }

    private static func appendStagePassed(
        _ deployment: DeploymentRecord, label: String, failures: Int, devices: Int, _ db: PostgresTransaction
    ) async throws {
        try await append(
            FleetEventRecord(
                fleetName: deployment.fleetName, deploymentId: deployment.id, actor: "registry", kind: "stage-passed",
                detail: "\(label): \(devices - failures) of \(devices) healthy"),
            db)
    }

    /// Halts a running deployment: its waiting assignments are cancelled.
    static func halt(_ deployment: inout DeploymentRecord, reason: String, actor: String, _ db: PostgresTransaction) async throws {
        deployment.state = .halted
        try await db.execute("UPDATE deployment SET state = \(DeploymentState.halted.rawValue) WHERE id = \(deployment.id)")
        try await move(deploymentId: deployment.id, stage: nil, from: .waiting, to: .cancelled, detail: "rollout halted", actor: actor, db)
        try await append(
            FleetEventRecord(
                fleetName: deployment.fleetName, deploymentId: deployment.id, actor: actor, kind: "deployment-halted", detail: reason), db)
    }

    /// Moves the deployment's assignments in state `from` (of `stage`, or of every stage) to `to`,
    /// each with an event; returns how many moved.
    @discardableResult
    private static func move(
        deploymentId: String, stage: Int?, from: AssignmentState, to: AssignmentState, detail: String, actor: String,
        _ db: PostgresTransaction
    ) async throws -> Int {
        let now = Date()
        return try await db.execute(
            """
            WITH moved AS (
                UPDATE assignment SET state = \(to.rawValue), detail = \(detail), updated_at = \(now)
                WHERE deployment_id = \(deploymentId) AND state = \(from.rawValue) AND (\(stage)::bigint IS NULL OR stage = \(stage))
                RETURNING id, seq)
            INSERT INTO assignment_event (assignment_id, state, detail, actor, at)
            SELECT id, \(to.rawValue), \(detail), \(actor), \(now) FROM moved ORDER BY seq
            RETURNING 1
            """)
    }

    /// Sends a device whose assignment failed or breached back to its last-known-good artifact, or
    /// withdraws the artifact from a device that ran nothing before (``FleetModel/RollbackDecision``).
    private static func rollBackDevice(_ failed: AssignmentRecord, deployment: DeploymentRecord, _ db: PostgresTransaction) async throws {
        let outcome = "\(failed.state.rawValue): \(failed.detail ?? "")"
        switch RollbackDecision.after(failed.state, previousArtifactId: failed.previousArtifactId, previousBackend: failed.previousBackend)
        {
        case .none:
            return
        case .withdraw:
            try await assign(
                [
                    AssignmentRecord(
                        deploymentId: deployment.id, deviceId: failed.deviceId, artifactId: failed.artifactId, backend: failed.backend,
                        stage: failed.stage, purpose: .withdraw)
                ],
                detail: "automatic withdrawal: assignment \(failed.id) breached", actor: "registry", db)
            try await append(
                FleetEventRecord(
                    fleetName: deployment.fleetName, deploymentId: deployment.id, deviceId: failed.deviceId, actor: "registry",
                    kind: "withdrawal",
                    detail: "no last-known-good: the device ran nothing before this deployment, so it stops serving \(failed.artifactId) "
                        + "and runs nothing again after \(outcome)"),
                db)
        case .rollBack(let previous, let backend):
            let current = try await db.row("SELECT current_artifact_id, current_backend FROM device WHERE id = \(failed.deviceId)")
            try await assign(
                [
                    AssignmentRecord(
                        deploymentId: deployment.id, deviceId: failed.deviceId, artifactId: previous, backend: backend, stage: failed.stage,
                        purpose: .rollback, previousArtifactId: try current?("current_artifact_id"),
                        previousBackend: try current?("current_backend"))
                ],
                detail: "automatic rollback: assignment \(failed.id) was \(failed.state.rawValue)", actor: "registry", db)
            try await append(
                FleetEventRecord(
                    fleetName: deployment.fleetName, deploymentId: deployment.id, deviceId: failed.deviceId, actor: "registry",
                    kind: "rollback", detail: "back to \(previous) after \(outcome)"),
                db)
        }
    }

    /// The variant an assignment of `deviceId` runs and the threads that device serves with; nil
    /// when `deviceId` has no assignment `assignmentId`.
    public func healthSubject(assignmentId: String, deviceId: String) async throws -> HealthSubject? {
        try await read { db in
            guard
                let row = try await db.row(
                    """
                    SELECT a.variant, (d.hardware ->> 'threads')::bigint AS threads FROM assignment s
                    JOIN artifact a ON a.id = s.artifact_id JOIN device d ON d.id = s.device_id
                    WHERE s.id = \(assignmentId) AND s.device_id = \(deviceId)
                    """)
            else { return nil }
            let threads = try row("threads", as: Int?.self) ?? 1
            return HealthSubject(variant: try row("variant"), threads: min(max(threads, 1), MeasurementRules.maximumThreads))
        }
    }
}

extension PostgresStore: FleetStore {}
