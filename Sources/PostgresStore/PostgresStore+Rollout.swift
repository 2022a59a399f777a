import EffCore
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
        let (label, verdict) = deployment.judgeCurrentStage(stage)
        switch verdict {
        case .waiting:
            return
        case .halt(let failures, let devices):
            try await halt(
                &deployment, reason: deployment.haltReason(label: label, failures: failures, devices: devices), actor: "registry", db)
            for failure in stage where StageJudge.isFailure(failure.state) { try await rollBackDevice(failure, deployment: deployment, db) }
        case .advance(let next, let failures, let devices):
            try await append(.stagePassed(deployment, label: label, failures: failures, devices: devices), db)
            deployment.currentStage = next
            try await db.execute("UPDATE deployment SET current_stage = \(next), stage_started_at = \(Date()) WHERE id = \(deploymentId)")
            let started = try await move(
                deploymentId: deploymentId, stage: next, from: .waiting, to: .pending,
                detail: "\(StageJudge.label(stage: next, stageCount: deployment.stageCount)) started", actor: "registry",
                db)
            try await append(.stageStarted(deployment, stage: next, devices: started), db)
        case .complete(let failures, let devices):
            try await append(.stagePassed(deployment, label: label, failures: failures, devices: devices), db)
            deployment.state = .completed
            try await db.execute("UPDATE deployment SET state = \(DeploymentState.completed.rawValue) WHERE id = \(deploymentId)")
            try await append(.deploymentCompleted(deployment), db)
        }
    }

    /// Halts a running deployment: its waiting assignments are cancelled.
    static func halt(_ deployment: inout DeploymentRecord, reason: String, actor: String, _ db: PostgresTransaction) async throws {
        deployment.state = .halted
        try await db.execute("UPDATE deployment SET state = \(DeploymentState.halted.rawValue) WHERE id = \(deployment.id)")
        try await move(deploymentId: deployment.id, stage: nil, from: .waiting, to: .cancelled, detail: "rollout halted", actor: actor, db)
        try await append(.deploymentHalted(deployment, reason: reason, actor: actor), db)
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
        switch RollbackDecision.after(failed.state, previousArtifactId: failed.previousArtifactId, previousBackend: failed.previousBackend)
        {
        case .none:
            return
        case .withdraw:
            let (withdrawal, detail) = AssignmentRecord.withdrawal(of: failed, in: deployment)
            try await settleOvertaken(by: deployment.id, try await assign([withdrawal], detail: detail, actor: "registry", db), db)
            try await append(.withdrawal(after: failed, in: deployment), db)
        case .rollBack(let previous, let backend):
            let current = try await db.row("SELECT current_artifact_id, current_backend FROM device WHERE id = \(failed.deviceId)")
            let (rollback, detail) = AssignmentRecord.rollback(
                of: failed, to: previous, backend: backend, currentArtifactId: try current?("current_artifact_id"),
                currentBackend: try current?("current_backend"), in: deployment)
            try await settleOvertaken(by: deployment.id, try await assign([rollback], detail: detail, actor: "registry", db), db)
            try await append(.rollback(after: failed, to: previous, in: deployment), db)
        }
    }

    /// Settles each deployment in `overtaken` (``afterSupersession(of:by:_:)``).
    static func settleOvertaken(by newer: String, _ overtaken: Set<String>, _ db: PostgresTransaction) async throws {
        for other in overtaken { try await afterSupersession(of: other, by: newer, db) }
    }

    /// A running deployment some of whose assignments a newer deployment just superseded, as the
    /// SQLite store's: it ends `superseded` when none of its assignments can still move, otherwise
    /// its current stage is judged again.
    static func afterSupersession(of deploymentId: String, by newer: String, _ db: PostgresTransaction) async throws {
        let deployment = try await deployment(id: deploymentId, lock: true, db)
        guard deployment.state == .running else { return }
        let states = try await db.all("SELECT state FROM assignment WHERE deployment_id = \(deploymentId)").map {
            try $0.raw("state", as: AssignmentState.self)
        }
        guard DeploymentState.isOvertaken(states) else { return try await evaluateStage(of: deploymentId, db) }
        try await db.execute("UPDATE deployment SET state = \(DeploymentState.superseded.rawValue) WHERE id = \(deploymentId)")
        try await append(.deploymentSuperseded(deployment, by: newer), db)
    }

    /// Fails the unsettled assignments of every running stage past its deadline at `now` and
    /// judges those stages, as the SQLite store's; the deployment rows are locked, so replicas
    /// checking together fail each assignment once.
    @discardableResult
    public func expireStages(now: Date) async throws -> Int {
        try await write { db in
            let due = try await db.all(
                """
                SELECT \(unescaped: DeploymentRecord.postgresColumns.select()) FROM deployment
                WHERE state = \(DeploymentState.running.rawValue) AND stage_timeout_seconds IS NOT NULL
                  AND coalesce(stage_started_at, created_at) + stage_timeout_seconds * interval '1 second' <= \(now)
                ORDER BY id FOR UPDATE SKIP LOCKED
                """
            ).map(DeploymentRecord.init)
            var failed = 0
            for deployment in due {
                guard let timeout = deployment.stageTimeoutSeconds else { continue }
                let deadline = StageDeadline(timeoutSeconds: timeout)
                let late = try await db.all(
                    """
                    SELECT \(unescaped: AssignmentRecord.postgresColumns.select()) FROM assignment
                    WHERE deployment_id = \(deployment.id) AND stage = \(deployment.currentStage) AND purpose = \(deployment.kind)
                    ORDER BY seq FOR UPDATE
                    """
                ).map(AssignmentRecord.init).filter { !$0.state.isSettled }
                for var assignment in late {
                    try await Self.transition(&assignment, to: .failed, detail: deadline.detail, actor: "registry", db)
                }
                failed += late.count
                if !late.isEmpty { try await Self.evaluateStage(of: deployment.id, db) }
            }
            return failed
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
