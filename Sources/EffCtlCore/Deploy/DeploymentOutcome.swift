import RegistryAPI

/// Whether a rollout `effctl deploy --wait` watched ended as the operator asked.
public enum DeploymentOutcome {
    /// Throws one line naming the failed or over-budget devices (beyond what `--max-failures`
    /// allowed), or why the rollout halted.
    public static func requireNoFailure(_ deployment: DeploymentView) throws {
        if deployment.state == .halted {
            let reason = deployment.events.last { $0.kind == "deployment-halted" }?.detail ?? "a stage failed"
            throw CLIError("rollout halted: \(reason); see effctl deployments show \(deployment.id)")
        }
        if deployment.state == .cancelled {
            throw CLIError("rollout cancelled by an operator; see effctl deployments show \(deployment.id)")
        }
        if deployment.state == .superseded {
            throw CLIError("rollout superseded: a newer deployment took over its devices; see effctl deployments show \(deployment.id)")
        }
        let failed = deployment.assignments.filter { $0.state == .failed || $0.state == .breached }
        guard failed.count > deployment.maxFailures else { return }  // as many as the operator allowed
        let names = failed.map { "\($0.device) \($0.state.rawValue)" + ($0.detail.map { " (\($0))" } ?? "") }.joined(separator: "; ")
        throw CLIError("\(failed.count) of \(deployment.assignments.count) assignments failed or breached their budget: \(names)")
    }
}
