/// Where a deployment is: `running` while stages remain, then `completed`, or `halted` when a
/// stage had too many failures.
public enum DeploymentState: String, Codable, Hashable, Sendable, CaseIterable {
    case running, completed, halted
}
