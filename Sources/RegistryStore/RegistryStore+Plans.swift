import FleetModel
import Foundation
import GRDB

/// One device's result for one artifact with one backend, or the pool of its newest stable ones
/// (``PooledResults``): what the planner decides from.
public struct LatestResult: Hashable, Sendable, FetchableRecord {
    public var deviceId: String
    public var artifactId: String
    public var backend: String
    public var p50Ms: Double
    public var p90Ms: Double
    public var p99Ms: Double
    public var peakRssMb: Double
    /// Upper bounds of the percentiles' 95 % intervals, where the result has them.
    public var p50UpperMs: Double?
    public var p90UpperMs: Double?
    public var p99UpperMs: Double?
    public var unstable: Bool
    /// How many results the device has for this artifact and backend.
    public var count = 1

    /// Decoded by column position (``RegistryStore/planningResultsSQL``'s order), not through
    /// Codable: a fleet has hundreds of thousands of these.
    public init(row: Row) {
        deviceId = row[0]
        artifactId = row[1]
        p50Ms = row[2]
        p90Ms = row[3]
        p99Ms = row[4]
        peakRssMb = row[5]
        backend = row[8]
        p50UpperMs = row[18]
        p90UpperMs = row[19]
        p99UpperMs = row[20]
        unstable = row[21]
    }
}

/// What planning needs of a device: no hardware report (a JSON column), no token hash.
public struct PlanningDevice: Hashable, Sendable, FetchableRecord {
    public var id: String
    public var name: String
    public var hardwareClass: String
    public var latencyBudgetMs: Double?
    public var memoryBudgetMb: Double?
    public var currentArtifactId: String?
    public var currentBackend: String?

    /// Decoded by column position (``RegistryStore/planningDevicesSQL``'s order).
    public init(row: Row) {
        id = row[0]
        name = row[1]
        hardwareClass = row[2]
        latencyBudgetMs = row[3]
        memoryBudgetMb = row[4]
        currentArtifactId = row[5]
        currentBackend = row[6]
    }
}

/// Everything a plan of one fleet is made from, read in one transaction.
public struct PlanningSnapshot: Sendable {
    public var fleet: FleetRecord
    public var devices: [PlanningDevice]
    public var artifacts: [ArtifactRecord]
    public var results: [LatestResult]
    /// Stored results that break ``RegistryAPI/MeasurementRules`` (posted before the registry
    /// validated results at the door) and were left out of ``results``.
    public var invalidResults: Int = 0
    /// Jobs of the fleet's devices given up after failing ``JobRetryPolicy/maximumAttempts`` times.
    public var abandonedJobs: [BenchmarkJobRecord] = []

    public init(
        fleet: FleetRecord, devices: [PlanningDevice], artifacts: [ArtifactRecord], results: [LatestResult], invalidResults: Int,
        abandonedJobs: [BenchmarkJobRecord]
    ) {
        self.fleet = fleet
        self.devices = devices
        self.artifacts = artifacts
        self.results = results
        self.invalidResults = invalidResults
        self.abandonedJobs = abandonedJobs
    }
}

/// A stored plan and its entries.
public struct StoredPlan: Hashable, Sendable {
    public var plan: PlanRecord
    public var entries: [PlanEntryRecord]

    public init(plan: PlanRecord, entries: [PlanEntryRecord]) {
        self.plan = plan
        self.entries = entries
    }
}

extension RegistryStore {
    /// The fleet, its devices, every artifact, the pooled valid results of each
    /// device/artifact/backend triple (``PooledResults``) and the jobs given up. A stored result that
    /// breaks ``FleetModel/MeasurementRules`` (with the physical floor from `macsByVariant`, the MACs
    /// of each variant by name, where known) is skipped, so that the pair's valid results stand;
    /// results posted since the registry validates at the door always pass.
    public func planningSnapshot(fleet name: String, macsByVariant: [String: Int]) async throws -> PlanningSnapshot {
        try await read { db in
            guard let fleet = try FleetRecord.fetchOne(db, key: name) else { throw StoreError(.notFound, "no fleet '\(name)'") }
            let devices = try PlanningDevice.fetchAll(db.cachedStatement(sql: Self.planningDevicesSQL), arguments: [name])
            let artifacts = try ArtifactRecord.filter(Column("deletedAt") == nil).order(Column("id")).fetchAll(db)
            let known = artifacts.compactMap { artifact in macsByVariant[artifact.variant].map { (artifact.id, $0) } }
            let macs = Dictionary(known, uniquingKeysWith: { first, _ in first })
            let (results, invalid) = try Self.pooledResults(db.cachedStatement(sql: Self.planningResultsSQL), arguments: [name], macs: macs)
            return PlanningSnapshot(
                fleet: fleet, devices: devices, artifacts: artifacts, results: results, invalidResults: invalid,
                abandonedJobs: try Self.abandonedJobs(fleet: name, db))
        }
    }

    /// A fleet's devices in plan order (`scripts/bench/registry-scale` explains this query).
    public static let planningDevicesSQL = """
        SELECT id, name, hardwareClass, latencyBudgetMs, memoryBudgetMb, currentArtifactId, currentBackend
        FROM device WHERE fleetName = ? ORDER BY name
        """

    /// Every result of a fleet's devices, unordered; ``pooledResults(_:arguments:macs:)`` pools the
    /// newest of each device/artifact/backend triple. (Picking the newest in SQL, with a window
    /// function or GROUP BY, sorts every result in a temporary B-tree: seconds for a fleet of
    /// 100,000 devices.)
    public static let planningResultsSQL = """
        SELECT r.deviceId, r.artifactId, r.p50Ms, r.p90Ms, r.p99Ms, r.peakRssMb, r.createdAt, r.id, r.backend,
               r.threads, r.runs, r.meanMs, r.stdMs, r.minMs, r.maxMs, r.initMs, r.firstMs, r.engineVersion,
               json_extract(r.intervals, '$.p50.upper'), json_extract(r.intervals, '$.p90.upper'), json_extract(r.intervals, '$.p99.upper'),
               r.unstable
        FROM device d JOIN benchmarkResult r ON r.deviceId = d.id
        WHERE d.fleetName = ?
        """

    /// The pooled valid results of each device/artifact/backend triple of `statement`'s rows
    /// (``PooledResults``; newest by `createdAt`, then id; dates are compared as stored, in GRDB's
    /// sortable text form), and how many rows were invalid. `macs` holds the MACs of each artifact by id, for the physical floor.
    static func pooledResults(
        _ statement: Statement, arguments: StatementArguments, macs: [String: Int] = [:]
    ) throws -> (results: [LatestResult], invalid: Int) {
        var fold = PooledResults<String>(macs: macs)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            let stored = Self.storedFigures(row)
            guard fold.admits(id: stored.id, artifactId: stored.artifactId, figures: stored.figures) else { continue }
            fold.add(LatestResult(row: row), createdAt: row[6], id: row[7])
        }
        return (fold.results, fold.invalid)
    }

    /// Stores a plan with its entries, and a pending job for each pair it still needs measured.
    /// `again` jobs measure a pair that has a result again: its done job opens for a new round.
    public func savePlan(
        _ plan: PlanRecord, entries: [PlanEntryRecord], jobs: [(deviceId: String, artifactId: String, again: Bool)]
    ) async throws {
        try await write { db in
            try plan.insert(db)
            let insertEntry = try db.cachedStatement(
                sql: """
                    INSERT INTO planEntry (planId, position, deviceId, deviceName, latencyBudgetMs, memoryBudgetMb, decision, artifactId,
                                           variant, precision, backend, latencyMs, predicted, top1, top1Source, peakRssMb,
                                           currentArtifactId, changesCurrent, reason, candidates)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for entry in entries {
                try insertEntry.execute(arguments: [
                    entry.planId, entry.position, entry.deviceId, entry.deviceName, entry.latencyBudgetMs, entry.memoryBudgetMb,
                    entry.decision,
                    entry.artifactId, entry.variant, entry.precision, entry.backend, entry.latencyMs, entry.predicted, entry.top1,
                    entry.top1Source,
                    entry.peakRssMb, entry.currentArtifactId, entry.changesCurrent, entry.reason, try Self.json(entry.candidates),
                ])
            }
            let statement = try db.cachedStatement(sql: Self.insertJob)
            let reopen = try db.cachedStatement(sql: Self.reopenJob)
            let now = Date()
            for job in jobs {
                try statement.execute(arguments: [UUID().uuidString.lowercased(), job.deviceId, job.artifactId, now])
                if job.again { try reopen.execute(arguments: [now, job.deviceId, job.artifactId]) }
            }
        }
    }

    /// Plans, newest first, without their entries.
    public func plans(fleet: String?) async throws -> [PlanRecord] {
        try await read { db in
            var request = PlanRecord.all()
            if let fleet { request = request.filter(Column("fleetName") == fleet) }
            return try request.order(Column("createdAt").desc, Column("id")).fetchAll(db)
        }
    }

    /// A plan with its entries (only `deviceId`'s, if given).
    public func plan(id: String, deviceId: String?) async throws -> StoredPlan {
        try await read { db in
            guard let plan = try PlanRecord.fetchOne(db, key: id) else { throw StoreError(.notFound, "no plan \(id)") }
            var entries = PlanEntryRecord.filter(Column("planId") == id)
            if let deviceId { entries = entries.filter(Column("deviceId") == deviceId) }
            return StoredPlan(plan: plan, entries: try entries.order(Column("position")).fetchAll(db))
        }
    }
}
