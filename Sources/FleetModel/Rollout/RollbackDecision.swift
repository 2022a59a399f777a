/// What happens to a device whose assignment counted against a halted stage.
public enum RollbackDecision: Hashable, Sendable {
    /// Back to its last-known-good artifact, served with the backend it used then.
    case rollBack(artifactId: String, backend: String)
    /// It ran nothing before and its first deployment breached: it stops serving the artifact.
    case withdraw
    /// Nothing to undo: a failed activation left the device as it was, with nothing running.
    case none

    /// The decision for an assignment that ended `state`, on a device that ran
    /// `previousArtifactId` (with `previousBackend`; nil means XNNPACK) before it.
    public static func after(_ state: AssignmentState, previousArtifactId: String?, previousBackend: String?) -> RollbackDecision {
        if let previousArtifactId {
            return .rollBack(artifactId: previousArtifactId, backend: previousBackend ?? MeasurementRules.defaultBackend)
        }
        return state == .breached ? .withdraw : .none
    }
}
