import Foundation

/// How the registry retries a benchmark job that its device reported failed: offered again after an
/// exponential back-off, until it has failed ``maximumAttempts`` times; then it is `failed` for
/// good, and plans report the pair with its last error instead of waiting for it.
public struct JobRetryPolicy: Hashable, Sendable {
    /// Failures after which a job is given up (4: the first try and three retries).
    public var maximumAttempts: Int
    /// The wait after the first failure; each further failure doubles it.
    public var baseDelay: TimeInterval
    /// The longest wait between two tries.
    public var maximumDelay: TimeInterval

    public init(maximumAttempts: Int = 4, baseDelay: TimeInterval = 30, maximumDelay: TimeInterval = 3600) {
        self.maximumAttempts = max(maximumAttempts, 1)
        self.baseDelay = max(baseDelay, 0)
        self.maximumDelay = max(maximumDelay, 0)
    }

    /// 4 attempts, 30 s after the first failure, then 60 s and 120 s; at most an hour.
    public static let standard = JobRetryPolicy()

    /// The wait after a job's `attempts`-th failure: `baseDelay × 2^(attempts − 1)`, at most
    /// ``maximumDelay``.
    public func delay(afterAttempts attempts: Int) -> TimeInterval {
        let doublings = Double(min(max(attempts - 1, 0), 62))
        return min(baseDelay * pow(2, doublings), maximumDelay)
    }
}
