import RegistryAPI

/// Where a deployment's assignments stand.
struct DeploymentProgress: Equatable {
    /// Assignments per state.
    var counts: [AssignmentState: Int]

    init(_ deployment: DeploymentView) {
        counts = Dictionary(deployment.assignments.map { ($0.state, 1) }, uniquingKeysWith: +)
    }

    /// Whether every assignment is active, failed or superseded.
    var isFinished: Bool {
        counts.allSatisfy { $0.key.isFinal }
    }

    /// How many assignments failed.
    var failed: Int { counts[.failed] ?? 0 }

    /// `2 active, 1 downloading, 3 pending`, in the order assignments move through.
    var summary: String {
        let order: [AssignmentState] = [.active, .failed, .superseded, .downloading, .pending]
        let parts = order.compactMap { state in counts[state].map { "\($0) \(state.rawValue)" } }
        return parts.isEmpty ? "no assignments" : parts.joined(separator: ", ")
    }
}
