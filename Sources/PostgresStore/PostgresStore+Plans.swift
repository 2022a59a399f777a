import FleetModel
import Foundation
import PostgresNIO
import RegistryStore

extension PostgresStore {
    /// The fleet, its devices, every artifact, the pooled valid results of each device/artifact/backend
    /// triple (``RegistryStore/PooledResults``) and the jobs given up, read in one snapshot; see
    /// ``RegistryStore/RegistryStore/planningSnapshot(fleet:macsByVariant:)``.
    public func planningSnapshot(fleet name: String, macsByVariant: [String: Int]) async throws -> PlanningSnapshot {
        try await read { db in
            let fleet = try await Self.fleet(named: name, db)
            let devices = try await db.all(
                """
                SELECT id, name, hardware_class, latency_budget_ms, memory_budget_mb, current_artifact_id, current_backend
                FROM device WHERE fleet_name = \(name) ORDER BY name
                """
            ).map { c in
                PlanningDevice(
                    id: try c("id"), name: try c("name"), hardwareClass: try c("hardware_class"),
                    latencyBudgetMs: try c("latency_budget_ms"),
                    memoryBudgetMb: try c("memory_budget_mb"), currentArtifactId: try c("current_artifact_id"),
                    currentBackend: try c("current_backend"))
            }
            let artifacts = try await db.all(
                "SELECT \(unescaped: ArtifactRecord.postgresColumns.select()) FROM artifact WHERE deleted_at IS NULL ORDER BY id"
            )
            .map(ArtifactRecord.init)
            let known = artifacts.compactMap { artifact in macsByVariant[artifact.variant].map { (artifact.id, $0) } }
            let macs = Dictionary(known, uniquingKeysWith: { first, _ in first })
            let rows = try await db.all(
                """
                SELECT r.id, r.device_id, r.artifact_id, r.backend, r.threads, r.runs, r.mean_ms, r.std_ms, r.min_ms, r.p50_ms, r.p90_ms,
                       r.p99_ms, r.max_ms, r.init_ms, r.first_ms, r.peak_rss_mb, r.engine_version, r.unstable, r.created_at,
                       (r.intervals #>> '{p50,upper}')::double precision AS p50_upper,
                       (r.intervals #>> '{p90,upper}')::double precision AS p90_upper,
                       (r.intervals #>> '{p99,upper}')::double precision AS p99_upper
                FROM device d JOIN benchmark_result r ON r.device_id = d.id
                WHERE d.fleet_name = \(name)
                """)
            let (results, invalid) = try Self.pooledResults(rows, macs: macs)
            return PlanningSnapshot(
                fleet: fleet, devices: devices, artifacts: artifacts, results: results, invalidResults: invalid,
                abandonedJobs: try await Self.abandonedJobs(fleet: name, db))
        }
    }

    /// The newest valid result of each device/artifact/backend triple (newest by creation time, then
    /// id), and how many rows broke ``FleetModel/MeasurementRules``.
    private static func pooledResults(_ rows: [RowValues], macs: [String: Int]) throws -> (results: [LatestResult], invalid: Int) {
        var fold = PooledResults<Date>(macs: macs)
        for c in rows {
            let id: String = try c("id")
            let artifactId: String = try c("artifact_id")
            let figures = BenchmarkFigures(
                backend: try c("backend"), threads: try c("threads"), runs: try c("runs"), meanMs: try c("mean_ms"),
                stdMs: try c("std_ms"), minMs: try c("min_ms"), p50Ms: try c("p50_ms"), p90Ms: try c("p90_ms"), p99Ms: try c("p99_ms"),
                maxMs: try c("max_ms"), initMs: try c("init_ms"), firstMs: try c("first_ms"), peakRssMb: try c("peak_rss_mb"),
                engineVersion: try c("engine_version"))
            guard fold.admits(id: id, artifactId: artifactId, figures: figures) else { continue }
            let result = LatestResult(
                deviceId: try c("device_id"), artifactId: artifactId, backend: try c("backend"), p50Ms: figures.p50Ms,
                p90Ms: figures.p90Ms, p99Ms: figures.p99Ms, peakRssMb: figures.peakRssMb, p50UpperMs: try c("p50_upper"),
                p90UpperMs: try c("p90_upper"), p99UpperMs: try c("p99_upper"), unstable: try c("unstable"))
            fold.add(result, createdAt: try c("created_at") as Date, id: id)
        }
        return (fold.results, fold.invalid)
    }

    /// Stores a plan with its entries, and a pending job for each pair it still needs measured.
    /// `again` jobs measure a pair that has a result again: its done job opens for a new round.
    public func savePlan(
        _ plan: PlanRecord, entries: [PlanEntryRecord], jobs: [(deviceId: String, artifactId: String, again: Bool)]
    ) async throws {
        try await write { db in
            try await db.execute(
                """
                INSERT INTO plan (id, fleet_name, percentile, headroom, allow_synthetic, pending_jobs, created_at)
                VALUES (\(plan.id), \(plan.fleetName), \(plan.percentile.rawValue), \(plan.headroom), \(plan.allowSynthetic),
                        \(plan.pendingJobs), \(plan.createdAt))
                """)
            // Entries in slices of one statement each: a fleet's plan has as many entries as devices.
            for slice in stride(from: 0, to: entries.count, by: 2000) {
                try await Self.insert(Array(entries[slice..<min(slice + 2000, entries.count)]), db)
            }
            try await Self.addJobs(jobs, db)
        }
    }

    /// Inserts entries in one statement: they travel as one JSON array (the records' own Codable
    /// form) that `jsonb_to_recordset` turns into rows.
    private static func insert(_ entries: [PlanEntryRecord], _ db: PostgresTransaction) async throws {
        let json = try PostgresJSON.text(entries)
        try await db.execute(
            """
            INSERT INTO plan_entry (plan_id, position, device_id, device_name, latency_budget_ms, memory_budget_mb, decision, artifact_id,
                                    variant, precision, backend, latency_ms, predicted, top1, top1_source, peak_rss_mb,
                                    current_artifact_id, changes_current, reason, candidates)
            SELECT "planId", "position", "deviceId", "deviceName", "latencyBudgetMs", "memoryBudgetMb", "decision", "artifactId", "variant",
                   "precision", "backend", "latencyMs", "predicted", "top1", "top1Source", "peakRssMb", "currentArtifactId",
                   "changesCurrent", "reason", "candidates"
            FROM jsonb_to_recordset(\(json)::jsonb) AS e(
                "planId" text, "position" bigint, "deviceId" text, "deviceName" text, "latencyBudgetMs" float8, "memoryBudgetMb" float8,
                "decision" text, "artifactId" text, "variant" text, "precision" text, "backend" text, "latencyMs" float8,
                "predicted" boolean, "top1" float8, "top1Source" text, "peakRssMb" float8, "currentArtifactId" text,
                "changesCurrent" boolean, "reason" text, "candidates" jsonb)
            """)
    }

    /// Plans, newest first, without their entries.
    public func plans(fleet: String?) async throws -> [PlanRecord] {
        try await read { db in
            try await db.all(
                """
                SELECT \(unescaped: PlanRecord.postgresColumns.select()) FROM plan WHERE \(fleet)::text IS NULL OR fleet_name = \(fleet)
                ORDER BY created_at DESC, id
                """
            ).map(PlanRecord.init)
        }
    }

    /// A plan with its entries (only `deviceId`'s, if given).
    public func plan(id: String, deviceId: String?) async throws -> StoredPlan {
        try await read { db in
            guard let plan = try await db.row("SELECT \(unescaped: PlanRecord.postgresColumns.select()) FROM plan WHERE id = \(id)") else {
                throw StoreError(.notFound, "no plan \(id)")
            }
            let entries = try await db.all(
                """
                SELECT \(unescaped: PlanEntryRecord.postgresColumns.select()) FROM plan_entry
                WHERE plan_id = \(id) AND (\(deviceId)::text IS NULL OR device_id = \(deviceId))
                ORDER BY position
                """
            ).map(PlanEntryRecord.init)
            return StoredPlan(plan: try PlanRecord(plan), entries: entries)
        }
    }
}
