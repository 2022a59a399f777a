import FleetModel
import Foundation
import GRDB

/// A fleet: devices that enroll with its token and are planned together.
public struct FleetRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "fleet"
    static let devices = hasMany(DeviceRecord.self)

    public var name: String
    /// sha256 of the enrollment token; the token itself is never stored.
    public var enrollmentTokenHash: String
    /// Latency budget of devices that have none of their own.
    public var latencyBudgetMs: Double
    /// `p50`, `p90` or `p99`.
    public var percentile: LatencyPercentile
    /// Whether synthetic artifacts (right for latency, meaningless for accuracy) are benchmarked by
    /// the fleet's devices as soon as they appear, and planned by default. Otherwise only a plan
    /// that allows them asks for their benchmarks.
    public var allowSynthetic: Bool
    public var createdAt: Date

    public init(
        name: String, enrollmentTokenHash: String, latencyBudgetMs: Double, percentile: LatencyPercentile, allowSynthetic: Bool = false,
        createdAt: Date = Date()
    ) {
        self.name = name
        self.enrollmentTokenHash = enrollmentTokenHash
        self.latencyBudgetMs = latencyBudgetMs
        self.percentile = percentile
        self.allowSynthetic = allowSynthetic
        self.createdAt = createdAt
    }
}
