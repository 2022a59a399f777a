import Foundation
import GRDB

/// The newest result of one device for one artifact: what the planner decides from.
public struct LatestResult: Hashable, Sendable, FetchableRecord, Decodable {
    public var deviceId: String
    public var artifactId: String
    public var p50Ms: Double
    public var p90Ms: Double
    public var p99Ms: Double
    public var peakRSSMB: Double
}

/// Everything a plan of one fleet is made from, read in one transaction.
public struct PlanningSnapshot: Sendable {
    public var fleet: FleetRecord
    public var devices: [DeviceRecord]
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
            let devices = try DeviceRecord.filter(Column("fleetName") == name).order(Column("name")).fetchAll(db)
            let artifacts = try ArtifactRecord.order(Column("id")).fetchAll(db)
            let results = try LatestResult.fetchAll(db, sql: """
                SELECT deviceId, artifactId, p50Ms, p90Ms, p99Ms, peakRSSMB FROM (
                    SELECT r.deviceId, r.artifactId, r.p50Ms, r.p90Ms, r.p99Ms, r.peakRSSMB,
                           ROW_NUMBER() OVER (PARTITION BY r.deviceId, r.artifactId ORDER BY r.createdAt DESC, r.id DESC) AS newest
                    FROM benchmarkResult r JOIN device d ON d.id = r.deviceId
                    WHERE d.fleetName = ?)
                WHERE newest = 1
                """, arguments: [name])
            return PlanningSnapshot(fleet: fleet, devices: devices, artifacts: artifacts, results: results)
        }
    }

    /// Stores a plan with its entries, and a pending job for each pair it still needs measured.
    public func savePlan(_ plan: PlanRecord, entries: [PlanEntryRecord], jobs: [(deviceId: String, artifactId: String)]) async throws {
        try await write { db in
            try plan.insert(db)
            for entry in entries { try entry.insert(db) }
            let statement = try db.cachedStatement(sql: Self.insertJob)
            for job in jobs {
                try statement.execute(arguments: [UUID().uuidString.lowercased(), job.deviceId, job.artifactId, Date()])
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
