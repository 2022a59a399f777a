import Foundation
import GRDB

/// A request that one device benchmark one artifact.
public struct BenchmarkJobRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "benchmarkJob"

    /// Where a job is: `pending` until its device posts a result (`done`), or until it has failed
    /// ``JobRetryPolicy/maximumAttempts`` times (`failed`, given up). A pending job that failed
    /// fewer times waits for ``retryAfter`` before it is offered again.
    public enum State: String, Codable, Hashable, Sendable, DatabaseValueConvertible {
        case pending, done, failed
    }

    public var id: String
    public var deviceId: String
    public var artifactId: String
    public var state: State
    /// The last failure its device reported.
    public var error: String?
    /// 1, then one more each time a plan opens the done job again to measure the pair again.
    public var round: Int = 1
    public var createdAt: Date
    public var updatedAt: Date
    /// How many times its device reported it failed.
    public var attempts: Int
    /// While set and in the future, the job is not offered to its device (back-off after a failure).
    public var retryAfter: Date?

    public init(
        id: String = UUID().uuidString.lowercased(), deviceId: String, artifactId: String, state: State = .pending, error: String? = nil,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.deviceId = deviceId
        self.artifactId = artifactId
        self.state = state
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.attempts = 0
        self.retryAfter = nil
    }

    /// Whether its device is asked to run it at `now`.
    public func isOffered(at now: Date) -> Bool {
        state == .pending && (retryAfter.map { $0 <= now } ?? true)
    }
}
