import Foundation
import GRDB

/// The newest result of one device for one artifact with one backend: what the planner decides from.
public struct LatestResult: Hashable, Sendable, FetchableRecord {
    public var deviceId: String
    public var artifactId: String
    public var backend: String
    public var p50Ms: Double
    public var p90Ms: Double
    public var p99Ms: Double
    public var peakRSSMB: Double

    /// Decoded by column position (``RegistryStore/planningResultsSQL``'s order), not through
    /// Codable: a fleet has hundreds of thousands of these.
    public init(row: Row) {
        deviceId = row[0]
        artifactId = row[1]
        p50Ms = row[2]
        p90Ms = row[3]
        p99Ms = row[4]
        peakRSSMB = row[5]
        backend = row[8]
    }
}

/// What planning needs of a device: no hardware report (a JSON column), no token hash.
public struct PlanningDevice: Hashable, Sendable, FetchableRecord {
    public var id: String
    public var name: String
    public var hardwareClass: String
    public var latencyBudgetMs: Double?
    public var memoryBudgetMB: Double?
    public var currentArtifactId: String?
    public var currentBackend: String?

    /// Decoded by column position (``RegistryStore/planningDevicesSQL``'s order).
    public init(row: Row) {
        id = row[0]
        name = row[1]
        hardwareClass = row[2]
        latencyBudgetMs = row[3]
        memoryBudgetMB = row[4]
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
}

/// A stored plan and its entries.
public struct StoredPlan: Hashable, Sendable {
    public var plan: PlanRecord
    public var entries: [PlanEntryRecord]
}

extension RegistryStore {
    /// The fleet, its devices, every artifact and the newest result of each device/artifact pair.
    public func planningSnapshot(fleet name: String) async throws -> PlanningSnapshot {
        try await read { db in
            guard let fleet = try FleetRecord.fetchOne(db, key: name) else { throw StoreError(.notFound, "no fleet '\(name)'") }
            let devices = try PlanningDevice.fetchAll(db.cachedStatement(sql: Self.planningDevicesSQL), arguments: [name])
            let artifacts = try ArtifactRecord.order(Column("id")).fetchAll(db)
            let results = try Self.newestResults(db.cachedStatement(sql: Self.planningResultsSQL), arguments: [name])
            return PlanningSnapshot(fleet: fleet, devices: devices, artifacts: artifacts, results: results)
        }
    }

    /// A fleet's devices in plan order (`scripts/bench/registry-scale` explains this query).
    public static let planningDevicesSQL = """
        SELECT id, name, hardwareClass, latencyBudgetMs, memoryBudgetMB, currentArtifactId, currentBackend
        FROM device WHERE fleetName = ? ORDER BY name
        """

    /// Every result of a fleet's devices, unordered; ``newestResults(_:)`` keeps the newest of each
    /// device/artifact/backend triple. (Picking the newest in SQL, with a window function or GROUP BY, sorts
    /// every result in a temporary B-tree: seconds for a fleet of 100,000 devices.)
    public static let planningResultsSQL = """
        SELECT r.deviceId, r.artifactId, r.p50Ms, r.p90Ms, r.p99Ms, r.peakRSSMB, r.createdAt, r.id, r.backend
        FROM device d JOIN benchmarkResult r ON r.deviceId = d.id
        WHERE d.fleetName = ?
        """

    /// The newest of each device/artifact/backend triple of `statement`'s rows (newest by `createdAt`, then
    /// id; dates are compared as stored, in GRDB's sortable text form).
    static func newestResults(_ statement: Statement, arguments: StatementArguments) throws -> [LatestResult] {
        var results: [LatestResult] = []
        var newest: [(createdAt: String, id: String)] = []
        var positions: [String: Int] = [:]
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            let result = LatestResult(row: row)
            let stamp: (createdAt: String, id: String) = (row[6], row[7])
            let key = result.deviceId + "\u{1F}" + result.artifactId + "\u{1F}" + result.backend
            if let position = positions[key] {
                if stamp > newest[position] {
                    results[position] = result
                    newest[position] = stamp
                }
            } else {
                positions[key] = results.count
                results.append(result)
                newest.append(stamp)
            }
        }
        return results
    }

    /// Stores a plan with its entries, and a pending job for each pair it still needs measured.
    public func savePlan(_ plan: PlanRecord, entries: [PlanEntryRecord], jobs: [(deviceId: String, artifactId: String)]) async throws {
        try await write { db in
            try plan.insert(db)
            let insertEntry = try db.cachedStatement(sql: """
                INSERT INTO planEntry (planId, position, deviceId, deviceName, budgetMs, memoryBudgetMB, decision, artifactId, variant,
                                       precision, backend, latencyMs, predicted, top1, top1Source, peakRSSMB, currentArtifactId, changesCurrent, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for entry in entries {
                try insertEntry.execute(arguments: [
                    entry.planId, entry.position, entry.deviceId, entry.deviceName, entry.budgetMs, entry.memoryBudgetMB, entry.decision,
                    entry.artifactId, entry.variant, entry.precision, entry.backend, entry.latencyMs, entry.predicted, entry.top1, entry.top1Source, entry.peakRSSMB,
                    entry.currentArtifactId, entry.changesCurrent, entry.reason,
                ])
            }
            let statement = try db.cachedStatement(sql: Self.insertJob)
            let now = Date()
            for job in jobs {
                try statement.execute(arguments: [UUID().uuidString.lowercased(), job.deviceId, job.artifactId, now])
            }
        }
    }

    /// Plans, newest first, without their entries.
    public func plans(fleet: String? = nil) async throws -> [PlanRecord] {
        try await read { db in
            var request = PlanRecord.all()
            if let fleet { request = request.filter(Column("fleetName") == fleet) }
            return try request.order(Column("createdAt").desc, Column("id")).fetchAll(db)
        }
    }

    /// A plan with its entries (only `deviceId`'s, if given).
    public func plan(id: String, deviceId: String? = nil) async throws -> StoredPlan {
        try await read { db in
            guard let plan = try PlanRecord.fetchOne(db, key: id) else { throw StoreError(.notFound, "no plan \(id)") }
            var entries = PlanEntryRecord.filter(Column("planId") == id)
            if let deviceId { entries = entries.filter(Column("deviceId") == deviceId) }
            return StoredPlan(plan: plan, entries: try entries.order(Column("position")).fetchAll(db))
        }
    }
}
