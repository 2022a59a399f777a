import Foundation

extension BenchmarkJobRecord {
    /// Counts a failure its device reported at `now`, as both stores do: the job is offered again
    /// after `retry`'s back-off, or is `failed` for good once it has failed
    /// ``JobRetryPolicy/maximumAttempts`` times. A report while the job is not offered (in back-off,
    /// or given up) repeats the last one and changes nothing. Returns whether the job changed.
    public mutating func recordFailure(_ error: String, at now: Date, retry: JobRetryPolicy) -> Bool {
        guard isOffered(at: now) else { return false }
        attempts += 1
        self.error = error
        updatedAt = now
        if attempts >= retry.maximumAttempts {
            state = .failed
            retryAfter = nil
        } else {
            retryAfter = now.addingTimeInterval(retry.delay(afterAttempts: attempts))
        }
        return true
    }
}
