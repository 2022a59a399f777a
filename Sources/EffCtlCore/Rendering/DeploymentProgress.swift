import RegistryAPI

/// Where a deployment's assignments stand.
public struct DeploymentProgress: Equatable {
    /// Assignments per state.
    public var counts: [AssignmentState: Int]

    public init(_ deployment: DeploymentView) {
        counts = Dictionary(deployment.assignments.map { ($0.state, 1) }, uniquingKeysWith: +)
    }

    /// Whether every assignment has settled (healthy, breached, failed, superseded or cancelled).
    public var isFinished: Bool {
        counts.allSatisfy { $0.key.isSettled }
    }

    /// How many assignments failed.
    public var failed: Int { counts[.failed] ?? 0 }

    /// `2 healthy, 1 downloading, 3 waiting`, settled states first.
    public var summary: String {
        let order: [AssignmentState] = [.healthy, .breached, .failed, .active, .downloading, .pending, .waiting, .cancelled, .superseded]
        let parts = order.compactMap { state in counts[state].map { "\($0) \(state.rawValue)" } }
        return parts.isEmpty ? "no assignments" : parts.joined(separator: ", ")
    }
}
