/// Where a deployment is: `running` while stages remain, then `completed`; `halted` when a stage
/// had too many failures; `superseded` when newer deployments took over every device it still had
/// to move; `cancelled` when an operator stopped it.
public enum DeploymentState: String, Codable, Hashable, Sendable, CaseIterable {
    case running, completed, halted, superseded, cancelled

    /// Whether a running deployment whose assignments are now in `states` has been overtaken:
    /// none of them can still move, and newer deployments superseded some. (While some can still
    /// move, its stages go on for the devices it still has.)
    public static func isOvertaken(_ states: [AssignmentState]) -> Bool {
        states.allSatisfy(\.isSettled) && states.contains(.superseded)
    }
}
