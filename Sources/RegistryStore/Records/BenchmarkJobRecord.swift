import Foundation
import GRDB

/// A request that one device benchmark one artifact.
public struct BenchmarkJobRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "benchmarkJob"

    /// Where a job is.
    public enum State: String, Codable, Hashable, Sendable, DatabaseValueConvertible {
        case pending, done, failed
    }

    public var id: String
    public var deviceId: String
    public var artifactId: String
    public var state: State
    public var error: String?
    /// 1, then one more each time a plan opens the done job again to measure the pair again.
    public var round: Int = 1
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String = UUID().uuidString.lowercased(), deviceId: String, artifactId: String, state: State = .pending, error: String? = nil, createdAt: Date = Date()) {
        self.id = id
        self.deviceId = deviceId
        self.artifactId = artifactId
        self.state = state
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
