import FleetModel
import Foundation
import GRDB

/// A stored plan of a fleet; its per-device decisions are ``PlanEntryRecord``s.
public struct PlanRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "plan"

    public var id: String
    public var fleetName: String
    public var percentile: LatencyPercentile
    public var headroom: Double
    public var allowSynthetic: Bool
    /// Benchmark jobs the plan was still waiting for.
    public var pendingJobs: Int
    public var createdAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(), fleetName: String, percentile: LatencyPercentile, headroom: Double,
        allowSynthetic: Bool,
        pendingJobs: Int, createdAt: Date = Date()
    ) {
        self.id = id
        self.fleetName = fleetName
        self.percentile = percentile
        self.headroom = headroom
        self.allowSynthetic = allowSynthetic
        self.pendingJobs = pendingJobs
        self.createdAt = createdAt
    }
}
