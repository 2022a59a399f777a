import EffCore
import FleetModel

/// What both stores' rollout controllers write: the history lines of a deployment's stages and
/// ends, and the assignments that take a failed device back, so that SQLite and PostgreSQL keep the same.
extension FleetEventRecord {
    /// The current stage (`label`) of `deployment` passed with `failures` of its `devices` failed.
    public static func stagePassed(_ deployment: DeploymentRecord, label: String, failures: Int, devices: Int) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: deployment.fleetName, deploymentId: deployment.id, actor: "registry", kind: "stage-passed",
            detail: "\(label): \(devices - failures) of \(devices) healthy")
    }

    /// Stage `stage` of `deployment` started with `devices` devices.
    public static func stageStarted(_ deployment: DeploymentRecord, stage: Int, devices: Int) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: deployment.fleetName, deploymentId: deployment.id, actor: "registry", kind: "stage-started",
            detail: "\(StageJudge.label(stage: stage, stageCount: deployment.stageCount)): \(devices.counted("device"))")
    }

    public static func deploymentCompleted(_ deployment: DeploymentRecord) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: deployment.fleetName, deploymentId: deployment.id, actor: "registry", kind: "deployment-completed", detail: nil)
    }

    public static func deploymentHalted(_ deployment: DeploymentRecord, reason: String, actor: String) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: deployment.fleetName, deploymentId: deployment.id, actor: actor, kind: "deployment-halted", detail: reason)
    }

    public static func deploymentSuperseded(_ deployment: DeploymentRecord, by newer: String) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: deployment.fleetName, deploymentId: deployment.id, actor: "registry", kind: "deployment-superseded",
            detail: "deployment \(newer) took over its devices")
    }

    /// A device whose first deployment failed stops serving the artifact.
    public static func withdrawal(after failed: AssignmentRecord, in deployment: DeploymentRecord) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: deployment.fleetName, deploymentId: deployment.id, deviceId: failed.deviceId, actor: "registry",
            kind: "withdrawal",
            detail: "no last-known-good: the device ran nothing before this deployment, so it stops serving \(failed.artifactId) "
                + "and runs nothing again after \(failed.outcome)")
    }

    /// A device goes back to `previous`, its last-known-good artifact.
    public static func rollback(after failed: AssignmentRecord, to previous: String, in deployment: DeploymentRecord) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: deployment.fleetName, deploymentId: deployment.id, deviceId: failed.deviceId, actor: "registry",
            kind: "rollback", detail: "back to \(previous) after \(failed.outcome)")
    }
}

extension DeploymentRecord {
    /// The current stage's label, and ``FleetModel/StageJudge``'s verdict on its assignments.
    public func judgeCurrentStage(_ stage: [AssignmentRecord]) -> (label: String, verdict: StageJudge.Verdict) {
        let label = StageJudge.label(stage: currentStage, stageCount: stageCount)
        return (label, StageJudge.judge(stage.map(\.state), stage: currentStage, stageCount: stageCount, maxFailures: maxFailures))
    }

    /// Why the stage `label` halted the rollout, with `failures` of its `devices` failed.
    public func haltReason(label: String, failures: Int, devices: Int) -> String {
        "\(label): \(failures) of \(devices) devices failed or breached their budget (at most \(maxFailures) allowed)"
    }
}

extension AssignmentRecord {
    /// How a failed or breached assignment ended, for the history.
    var outcome: String { "\(state.rawValue): \(detail ?? "")" }

    /// The assignment that withdraws `failed`'s artifact from its device, and the line that says why.
    public static func withdrawal(of failed: AssignmentRecord, in deployment: DeploymentRecord) -> (AssignmentRecord, detail: String) {
        let withdrawal = AssignmentRecord(
            deploymentId: deployment.id, deviceId: failed.deviceId, artifactId: failed.artifactId, backend: failed.backend,
            stage: failed.stage, purpose: .withdraw)
        return (withdrawal, "automatic withdrawal: assignment \(failed.id) breached")
    }

    /// The assignment that takes `failed`'s device back to `previous` with `backend`, from what it
    /// runs now (`currentArtifactId`, `currentBackend`), and the line that says why.
    public static func rollback(
        of failed: AssignmentRecord, to previous: String, backend: String, currentArtifactId: String?, currentBackend: String?,
        in deployment: DeploymentRecord
    ) -> (AssignmentRecord, detail: String) {
        let rollback = AssignmentRecord(
            deploymentId: deployment.id, deviceId: failed.deviceId, artifactId: previous, backend: backend, stage: failed.stage,
            purpose: .rollback, previousArtifactId: currentArtifactId, previousBackend: currentBackend)
        return (rollback, "automatic rollback: assignment \(failed.id) was \(failed.state.rawValue)")
    }
}
