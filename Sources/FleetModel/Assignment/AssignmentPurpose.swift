/// Why an assignment exists.
public enum AssignmentPurpose: String, Codable, Hashable, Sendable, CaseIterable {
    /// Serve the plan's artifact.
    case deploy
    /// Go back to the last-known-good artifact, after a failed stage or on an operator's request.
    case rollback
    /// Stop serving the artifact and run nothing: a device whose first deployment breached, so
    /// that it has no last-known-good.
    case withdraw
}
