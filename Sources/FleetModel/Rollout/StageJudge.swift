/// Judges a rollout stage once its devices report: the rollout controller's decision, pure.
///
/// A stage is judged only when every assignment in it has settled. More than `maxFailures`
/// failed or breached devices halt the rollout (and each of those devices is rolled back, see
/// ``RollbackDecision``); otherwise the next stage starts, or the deployment completes.
public enum StageJudge {
    /// The decision about one stage.
    public enum Verdict: Hashable, Sendable {
        /// Some assignment has not settled yet.
        case waiting
        /// Too many failures: `failures` of `devices` failed or breached.
        case halt(failures: Int, devices: Int)
        /// The stage passed (`failures` of `devices` tolerated); `next` starts.
        case advance(next: Int, failures: Int, devices: Int)
        /// The last stage passed.
        case complete(failures: Int, devices: Int)
    }

    /// Judges stage `stage` (0-based, of `stageCount`), whose assignments are in `states`.
    public static func judge(_ states: [AssignmentState], stage: Int, stageCount: Int, maxFailures: Int) -> Verdict {
        guard states.allSatisfy(\.isSettled) else { return .waiting }
        let failures = states.count(where: isFailure)
        if failures > maxFailures { return .halt(failures: failures, devices: states.count) }
        if stage + 1 < stageCount { return .advance(next: stage + 1, failures: failures, devices: states.count) }
        return .complete(failures: failures, devices: states.count)
    }

    /// Whether a settled assignment counts against its stage.
    public static func isFailure(_ state: AssignmentState) -> Bool {
        state == .failed || state == .breached
    }

    /// How people are told of stage `stage` (0-based, as stored): `stage 1 of 3`, counted from 1
    /// as every table and message does.
    public static func label(stage: Int, stageCount: Int) -> String {
        "stage \(stage + 1) of \(max(stageCount, stage + 1))"
    }
}
