import EffCore
import Foundation
import GRDB

/// One benchmark of one artifact on one device, as the agent measured it.
public struct BenchmarkResultRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "benchmarkResult"

    /// Chosen by the agent, so that a retried post stores the result once.
    public var id: String
    public var deviceId: String
    public var artifactId: String
    /// The engine backend that ran the benchmark (`onednn`, `xnnpack`, `reference`).
    public var backend: String
    public var threads: Int
    public var runs: Int
    public var meanMs: Double
    public var stdMs: Double
    public var minMs: Double
    public var p50Ms: Double
    public var p90Ms: Double
    public var p99Ms: Double
    public var maxMs: Double
    public var initMs: Double
    public var firstMs: Double
    public var peakRSSMB: Double
    public var engineVersion: String
    public var trials: Int?
    public var trialSpread: Double?
    /// The trials disagreed beyond the agent's tolerance, twice.
    public var unstable: Bool = false
    public var intervals: LatencyIntervals?
    public var context: MeasurementContext?
    public var createdAt: Date

    public init(
        id: String, deviceId: String, artifactId: String, backend: String = "xnnpack", threads: Int, runs: Int, meanMs: Double,
        stdMs: Double,
        minMs: Double, p50Ms: Double, p90Ms: Double, p99Ms: Double, maxMs: Double, initMs: Double, firstMs: Double,
        peakRSSMB: Double, engineVersion: String, createdAt: Date = Date()
    ) {
        self.id = id
        self.deviceId = deviceId
        self.artifactId = artifactId
        self.backend = backend
        self.threads = threads
        self.runs = runs
        self.meanMs = meanMs
        self.stdMs = stdMs
        self.minMs = minMs
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
        self.maxMs = maxMs
        self.initMs = initMs
        self.firstMs = firstMs
        self.peakRSSMB = peakRSSMB
        self.engineVersion = engineVersion
        self.createdAt = createdAt
    }
}
