import EffCore
import FleetModel
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
    public var peakRssMb: Double
    public var engineVersion: String
    public var trials: Int?
    public var trialSpread: Double?
    /// The trials disagreed beyond the agent's tolerance, twice.
    public var unstable: Bool = false
    public var intervals: LatencyIntervals?
    public var context: MeasurementContext?
    public var createdAt: Date

    /// A record of `figures` (a result without a backend ran on XNNPACK).
    public init(id: String, deviceId: String, artifactId: String, figures: BenchmarkFigures, createdAt: Date = Date()) {
        self.id = id
        self.deviceId = deviceId
        self.artifactId = artifactId
        self.backend = figures.backend ?? MeasurementRules.defaultBackend
        self.threads = figures.threads
        self.runs = figures.runs
        self.meanMs = figures.meanMs
        self.stdMs = figures.stdMs
        self.minMs = figures.minMs
        self.p50Ms = figures.p50Ms
        self.p90Ms = figures.p90Ms
        self.p99Ms = figures.p99Ms
        self.maxMs = figures.maxMs
        self.initMs = figures.initMs
        self.firstMs = figures.firstMs
        self.peakRssMb = figures.peakRssMb
        self.engineVersion = figures.engineVersion
        self.trials = figures.trials
        self.trialSpread = figures.trialSpread
        self.unstable = figures.unstable ?? false
        self.intervals = figures.intervals
        self.context = figures.context
        self.createdAt = createdAt
    }

    /// The figures as the device posted them.
    public var figures: BenchmarkFigures {
        BenchmarkFigures(
            backend: backend, threads: threads, runs: runs, meanMs: meanMs, stdMs: stdMs, minMs: minMs, p50Ms: p50Ms, p90Ms: p90Ms,
            p99Ms: p99Ms, maxMs: maxMs, initMs: initMs, firstMs: firstMs, peakRssMb: peakRssMb, engineVersion: engineVersion,
            trials: trials, trialSpread: trialSpread, intervals: intervals, unstable: unstable, context: context)
    }
}
