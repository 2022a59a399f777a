import RegistryAPI

/// A report the registry must receive exactly once in effect: kept on disk until acknowledged.
/// Every one is idempotent on the registry's side (result ids, same-state reports), so a retry
/// after a lost acknowledgement stores nothing twice.
public enum OutboxMessage: Codable, Hashable, Sendable {
    case result(BenchmarkReport)
    case jobFailure(jobId: String, JobFailureReport)
    case assignmentState(assignmentId: String, AssignmentStateReport)
    case health(assignmentId: String, HealthReport)

    /// A short description for logs.
    var summary: String {
        switch self {
        case .result(let report): "result \(report.id)"
        case .jobFailure(let jobId, _): "failure of job \(jobId)"
        case .assignmentState(let id, let report): "assignment \(id) \(report.state.rawValue)"
        case .health(let id, _): "health of assignment \(id)"
        }
    }
}
