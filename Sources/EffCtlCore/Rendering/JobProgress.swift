import RegistryAPI

/// The pending benchmark jobs of a fleet, as `effctl deploy --wait` reports them: how many, and
/// how many of them failed before and wait for a retry (with the most attempts among them).
public struct JobProgress: Equatable {
    public var pending: Int
    /// Pending jobs that failed at least once.
    public var retrying: Int
    /// The most failed attempts of a pending job.
    public var mostAttempts: Int

    public init(_ jobs: [BenchmarkJobView]) {
        pending = jobs.count
        let attempts = jobs.map { $0.attempts ?? 0 }.filter { $0 > 0 }
        retrying = attempts.count
        mostAttempts = attempts.max() ?? 0
    }

    /// `waiting for 3 benchmark jobs (1 retried after failing, at most 2 attempts)`.
    public var summary: String {
        let jobs = "waiting for \(pending) benchmark job\(pending == 1 ? "" : "s")"
        guard retrying > 0 else { return jobs }
        return "\(jobs) (\(retrying) retried after failing, at most \(mostAttempts) attempt\(mostAttempts == 1 ? "" : "s"))"
    }
}
