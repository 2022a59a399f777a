import FleetModel
import Foundation
import PostgresNIO
import RegistryStore

extension PostgresStore {
    /// Stores a result once and completes the pair's benchmark job: a result whose id is already
    /// stored is left alone and `false` is returned, so that agents can retry posts safely (also
    /// when two replicas receive the same post at once).
    @discardableResult
    public func addResult(_ result: BenchmarkResultRecord) async throws -> Bool {
        try await write { db in try await Self.insert(result, db) }
    }

    /// Stores many results in one transaction, each exactly as ``addResult(_:)`` would; see
    /// ``RegistryStore/RegistryStore/addResults(_:)``. Five statements however many results: the ids
    /// already stored, the devices and artifacts that exist, one insert that leaves ids stored
    /// meanwhile alone (by another replica), and one update of the pairs' jobs. If the transaction
    /// itself fails, every result is retried in a transaction of its own, so one bad row cannot fail
    /// its neighbours.
    public func addResults(_ results: [BenchmarkResultRecord]) async -> [Result<Bool, StoreError>] {
        guard !results.isEmpty else { return [] }
        do {
            return try await write { db in try await Self.insertBatch(results, db) }
        } catch {
            return await addEachResult(results) { StoreFailure($0).storeError("database write failed") }
        }
    }

    private static func insertBatch(
        _ results: [BenchmarkResultRecord], _ db: PostgresTransaction
    ) async throws -> [Result<Bool, StoreError>] {
        func ids(_ query: PostgresQuery) async throws -> Set<String> { Set(try await db.all(query).map { try $0("id", as: String.self) }) }
        var seen = try await ids("SELECT id FROM benchmark_result WHERE id = ANY(\(results.map(\.id))::text[])")
        let devices = try await ids("SELECT id FROM device WHERE id = ANY(\(Array(Set(results.map(\.deviceId))))::text[])")
        let artifacts = try await ids("SELECT id FROM artifact WHERE id = ANY(\(Array(Set(results.map(\.artifactId))))::text[])")
        var outcomes: [Result<Bool, StoreError>?] = Array(repeating: nil, count: results.count)
        var candidates: [(index: Int, result: BenchmarkResultRecord)] = []
        for (index, result) in results.enumerated() {
            if seen.contains(result.id) {
                outcomes[index] = .success(false)
            } else if !devices.contains(result.deviceId) {
                outcomes[index] = .failure(StoreError(.notFound, "no device \(result.deviceId)"))
            } else if !artifacts.contains(result.artifactId) {
                outcomes[index] = .failure(StoreError(.notFound, "no artifact \(result.artifactId)"))
            } else {
                seen.insert(result.id)
                candidates.append((index, result))
            }
        }
        let inserted = Set(
            try await RecordTable.benchmarkResult.insert(candidates.map(\.result), skippingExistingKey: true, returning: "id", db)
                .map { try $0("id", as: String.self) })
        for candidate in candidates { outcomes[candidate.index] = .success(inserted.contains(candidate.result.id)) }
        let stored = candidates.map(\.result).filter { inserted.contains($0.id) }
        if !stored.isEmpty {
            try await db.execute(
                """
                UPDATE benchmark_job b SET state = 'done', error = NULL, updated_at = \(Date())
                FROM unnest(\(stored.map(\.deviceId))::text[], \(stored.map(\.artifactId))::text[]) AS p(device_id, artifact_id)
                WHERE b.device_id = p.device_id AND b.artifact_id = p.artifact_id AND b.state != 'done'
                """)
        }
        return outcomes.map { $0 ?? .failure(StoreError(.io, "no outcome")) }
    }

    /// Results, newest first, optionally filtered.
    public func results(deviceId: String?, artifactId: String?, since: Date?) async throws -> [BenchmarkResultRecord] {
        try await read { db in
            try await db.all(
                """
                SELECT \(unescaped: BenchmarkResultRecord.postgresColumns.select()) FROM benchmark_result
                WHERE (\(deviceId)::text IS NULL OR device_id = \(deviceId))
                  AND (\(artifactId)::text IS NULL OR artifact_id = \(artifactId))
                  AND (\(since)::timestamptz IS NULL OR created_at >= \(since))
                ORDER BY created_at DESC, id
                """
            ).map(BenchmarkResultRecord.init)
        }
    }

    /// ``addResult(_:)`` inside a transaction.
    static func insert(_ result: BenchmarkResultRecord, _ db: PostgresTransaction) async throws -> Bool {
        if try await db.exists("SELECT 1 FROM benchmark_result WHERE id = \(result.id)") { return false }
        guard try await exists(table: "device", id: result.deviceId, db) else {
            throw StoreError(.notFound, "no device \(result.deviceId)")
        }
        guard try await exists(table: "artifact", id: result.artifactId, db) else {
            throw StoreError(.notFound, "no artifact \(result.artifactId)")
        }
        return try await insertChecked(result, db)
    }

    /// Inserts a result whose device and artifact exist; `false` if its id is stored already.
    private static func insertChecked(_ r: BenchmarkResultRecord, _ db: PostgresTransaction) async throws -> Bool {
        let inserted = try await db.execute(
            """
            INSERT INTO benchmark_result (id, device_id, artifact_id, backend, threads, runs, mean_ms, std_ms, min_ms, p50_ms, p90_ms,
                                          p99_ms, max_ms, init_ms, first_ms, peak_rss_mb, engine_version, trials, trial_spread,
                                          unstable, intervals, context, created_at)
            VALUES (\(r.id), \(r.deviceId), \(r.artifactId), \(r.backend), \(r.threads), \(r.runs), \(r.meanMs), \(r.stdMs), \(r.minMs),
                    \(r.p50Ms), \(r.p90Ms), \(r.p99Ms), \(r.maxMs), \(r.initMs), \(r.firstMs), \(r.peakRssMb), \(r.engineVersion),
                    \(r.trials), \(r.trialSpread), \(r.unstable), \(try PostgresJSON.text(r.intervals))::jsonb,
                    \(try PostgresJSON.text(r.context))::jsonb, \(r.createdAt))
            ON CONFLICT (id) DO NOTHING RETURNING 1
            """)
        guard inserted == 1 else { return false }
        try await completeJob(deviceId: r.deviceId, artifactId: r.artifactId, db)
        return true
    }

    /// Whether `table` (a constant: `device` or `artifact`) has a row `id`.
    static func exists(table: String, id: String, _ db: PostgresTransaction) async throws -> Bool {
        try await db.exists("SELECT 1 FROM \(unescaped: table) WHERE id = \(id)")
    }
}
