import EffCore
import FleetModel
import Foundation
import GRDB

/// The rollout controller. It runs inside the write transaction of the report that settles a
/// stage's last assignment, so a stage is judged exactly once and its outcome is stored with the
/// report that caused it.
extension RegistryStore {
    /// Judges the current stage of a running deployment with ``FleetModel/StageJudge`` once all
    /// its devices have settled: a halt rolls the failed devices back (``RollbackDecision``) and
    /// cancels later stages; otherwise the next stage starts, or the deployment completes.
    static func evaluateStage(of deploymentId: String, _ db: Database) throws {
        guard var deployment = try DeploymentRecord.fetchOne(db, key: deploymentId), deployment.state == .running else { return }
        let stage =
            try AssignmentRecord
            .filter(
                Column("deploymentId") == deploymentId && Column("stage") == deployment.currentStage && Column("purpose") == deployment.kind
            )
            .fetchAll(db)
        let (label, verdict) = deployment.judgeCurrentStage(stage)
        switch verdict {
        case .waiting:
            return
        case .halt(let failures, let devices):
            try halt(&deployment, reason: deployment.haltReason(label: label, failures: failures, devices: devices), actor: "registry", db)
            for failure in stage where StageJudge.isFailure(failure.state) { try rollBackDevice(failure, deployment: deployment, db) }
        case .advance(let next, let failures, let devices):
            try FleetEventRecord.append(.stagePassed(deployment, label: label, failures: failures, devices: devices), db)
            deployment.currentStage = next
            deployment.stageStartedAt = Date()
            try deployment.update(db)
            let waiting = try AssignmentRecord.filter(
                Column("deploymentId") == deploymentId && Column("stage") == next && Column("state") == AssignmentState.waiting
            ).fetchAll(db)
            for var assignment in waiting {
                try transition(
                    &assignment, to: .pending, detail: "\(StageJudge.label(stage: next, stageCount: deployment.stageCount)) started",
                    actor: "registry", db)
            }
            try FleetEventRecord.append(.stageStarted(deployment, stage: next, devices: waiting.count), db)
        case .complete(let failures, let devices):
            try FleetEventRecord.append(.stagePassed(deployment, label: label, failures: failures, devices: devices), db)
            deployment.state = .completed
            try deployment.update(db)
            try FleetEventRecord.append(.deploymentCompleted(deployment), db)
        }
    }

    /// Fails the unsettled assignments of every running stage past its deadline at `now`
    /// (``FleetModel/StageDeadline``) and judges those stages. Returns how many assignments failed.
    @discardableResult
    public func expireStages(now: Date) async throws -> Int {
        try await write { db in
            let timed = try DeploymentRecord.filter(
                Column("state") == DeploymentState.running && Column("stageTimeoutSeconds") != nil
            ).fetchAll(db)
            var failed = 0
            for deployment in timed {
                guard let timeout = deployment.stageTimeoutSeconds else { continue }
                let deadline = StageDeadline(timeoutSeconds: timeout)
                guard deadline.isPast(startedAt: deployment.stageStartedAt ?? deployment.createdAt, now: now) else { continue }
                let late = try AssignmentRecord.filter(
                    Column("deploymentId") == deployment.id && Column("stage") == deployment.currentStage
                        && Column("purpose") == deployment.kind
                ).fetchAll(db).filter { !$0.state.isSettled }
                for var assignment in late {
                    try Self.transition(&assignment, to: .failed, detail: deadline.detail, actor: "registry", db)
                }
                failed += late.count
                if !late.isEmpty { try Self.evaluateStage(of: deployment.id, db) }
            }
            return failed
        }
    }

    /// A running deployment some of whose assignments a newer deployment just superseded: when none
    /// of its assignments can still move it ends `superseded`; otherwise its current stage is judged
    /// again, as a superseded assignment settles it.
    static func afterSupersession(of deploymentId: String, by newer: String, _ db: Database) throws {
        guard var deployment = try DeploymentRecord.fetchOne(db, key: deploymentId), deployment.state == .running else { return }
        let states = try AssignmentRecord.filter(Column("deploymentId") == deploymentId).fetchAll(db).map(\.state)
        guard DeploymentState.isOvertaken(states) else { return try evaluateStage(of: deploymentId, db) }
        deployment.state = .superseded
        try deployment.update(db)
        try FleetEventRecord.append(.deploymentSuperseded(deployment, by: newer), db)
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
        try FleetEventRecord.append(.deploymentHalted(deployment, reason: reason, actor: actor), db)
    }

    /// Sends a device whose assignment failed or breached back to its last-known-good artifact; a
    /// device that ran nothing before (its first deployment breached) goes back to running nothing.
    /// Either is a new assignment, which supersedes the device's unfinished ones.
    private static func rollBackDevice(_ failed: AssignmentRecord, deployment: DeploymentRecord, _ db: Database) throws {
        switch RollbackDecision.after(failed.state, previousArtifactId: failed.previousArtifactId, previousBackend: failed.previousBackend)
        {
        case .none:
            return
        case .withdraw:
            let (withdrawal, detail) = AssignmentRecord.withdrawal(of: failed, in: deployment)
            try assign(withdrawal, detail: detail, actor: "registry", db)
            try FleetEventRecord.append(.withdrawal(after: failed, in: deployment), db)
        case .rollBack(let previous, let backend):
            let current = try Row.fetchOne(
                db, sql: "SELECT currentArtifactId, currentBackend FROM device WHERE id = ?", arguments: [failed.deviceId])
            let (rollback, detail) = AssignmentRecord.rollback(
                of: failed, to: previous, backend: backend, currentArtifactId: current?["currentArtifactId"],
                currentBackend: current?["currentBackend"], in: deployment)
            try assign(rollback, detail: detail, actor: "registry", db)
            try FleetEventRecord.append(.rollback(after: failed, to: previous, in: deployment), db)
        }
    }
}
