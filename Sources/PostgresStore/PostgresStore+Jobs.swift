import FleetModel
import Foundation
import PostgresNIO
import RegistryStore

extension PostgresStore {
    /// Jobs, oldest first, optionally filtered by device, fleet and state; with `offeredAt`, only
    /// the pending jobs whose back-off has passed at that time (what a device is asked to run).
    public func jobs(
        deviceId: String?, fleet: String?, state: BenchmarkJobRecord.State?, offeredAt: Date?
    ) async throws -> [BenchmarkJobListing] {
        try await read { db in
            let rows = try await db.all(
                """
                SELECT \(unescaped: BenchmarkJobRecord.postgresColumns.select("j")),
                       \(unescaped: ArtifactRecord.postgresColumns.select("a", prefix: "a_"))
                FROM benchmark_job j JOIN artifact a ON a.id = j.artifact_id
                WHERE (\(deviceId)::text IS NULL OR j.device_id = \(deviceId))
                  AND (\(state?.rawValue)::text IS NULL OR j.state = \(state?.rawValue))
                  AND (\(offeredAt)::timestamptz IS NULL
                       OR (j.state = 'pending' AND (j.retry_after IS NULL OR j.retry_after <= \(offeredAt))))
                  AND (\(fleet)::text IS NULL OR j.device_id IN (SELECT id FROM device WHERE fleet_name = \(fleet)))
                ORDER BY j.created_at, j.id
                """)
            return try rows.map { BenchmarkJobListing(job: try BenchmarkJobRecord($0), artifact: try ArtifactRecord($0.prefixed("a_"))) }
        }
    }

    /// Records that `deviceId` failed its job `id` at `now`, as
    /// ``RegistryStore/RegistryStore/failJob(id:deviceId:error:now:retry:)`` does (the job's row
    /// locked, so concurrent reports count once each).
    public func failJob(
        id: String, deviceId: String, error: String, now: Date, retry: JobRetryPolicy
    ) async throws -> BenchmarkJobListing {
        try await write { db in
            guard
                var job = try await db.row(
                    "SELECT \(unescaped: BenchmarkJobRecord.postgresColumns.select()) FROM benchmark_job WHERE id = \(id) FOR UPDATE"
                ).map(BenchmarkJobRecord.init), job.deviceId == deviceId
            else { throw StoreError(.notFound, "no job \(id) for this device") }
            guard job.state != .done else { throw StoreError(.conflict, "job \(id) is done") }
            if job.recordFailure(error, at: now, retry: retry) {
                try await db.execute(
                    """
                    UPDATE benchmark_job SET attempts = \(job.attempts), error = \(job.error), updated_at = \(job.updatedAt),
                        state = \(job.state.rawValue), retry_after = \(job.retryAfter)
                    WHERE id = \(id)
                    """)
            }
            return BenchmarkJobListing(job: job, artifact: try await Self.artifact(id: job.artifactId, db))
        }
    }

    /// Opens every pair that `fleet`'s devices have measured for another round, as
    /// ``RegistryStore/RegistryStore/remeasure(fleet:actor:)`` does.
    public func remeasure(fleet name: String, actor: String) async throws -> Int {
        try await write { db in
            _ = try await Self.fleet(named: name, lock: true, db)
            let count = try await db.execute(
                """
                UPDATE benchmark_job SET state = 'pending', round = round + 1, error = NULL, updated_at = \(Date())
                WHERE state = 'done' AND device_id IN (SELECT id FROM device WHERE fleet_name = \(name))
                  AND artifact_id IN (SELECT id FROM artifact WHERE deleted_at IS NULL)
                RETURNING 1
                """)
            try await Self.append(.remeasureRequested(fleet: name, jobs: count, actor: actor), db)
            return count
        }
    }

    /// The jobs of `fleet`'s devices that were given up: plans report these pairs instead of waiting.
    static func abandonedJobs(fleet: String, _ db: PostgresTransaction) async throws -> [BenchmarkJobRecord] {
        try await db.all(
            """
            SELECT \(unescaped: BenchmarkJobRecord.postgresColumns.select()) FROM benchmark_job
            WHERE state = 'failed' AND device_id IN (SELECT id FROM device WHERE fleet_name = \(fleet))
            ORDER BY device_id, artifact_id
            """
        ).map(BenchmarkJobRecord.init)
    }

    /// Pending jobs for the pairs that have none yet, and (`again`) done ones opened for a new round.
    static func addJobs(_ jobs: [(deviceId: String, artifactId: String, again: Bool)], _ db: PostgresTransaction) async throws {
        guard !jobs.isEmpty else { return }
        let now = Date()
        let ids = jobs.map { _ in UUID().uuidString.lowercased() }
        try await db.execute(
            """
            INSERT INTO benchmark_job (id, device_id, artifact_id, state, created_at, updated_at)
            SELECT id, device_id, artifact_id, 'pending', \(now), \(now)
            FROM unnest(\(ids)::text[], \(jobs.map(\.deviceId))::text[], \(jobs.map(\.artifactId))::text[]) AS j(id, device_id, artifact_id)
            ON CONFLICT (device_id, artifact_id) DO NOTHING
            """)
        let again = jobs.filter(\.again)
        guard !again.isEmpty else { return }
        try await db.execute(
            """
            UPDATE benchmark_job b SET state = 'pending', round = round + 1, error = NULL, updated_at = \(now)
            FROM unnest(\(again.map(\.deviceId))::text[], \(again.map(\.artifactId))::text[]) AS j(device_id, artifact_id)
            WHERE b.device_id = j.device_id AND b.artifact_id = j.artifact_id AND b.state = 'done'
            """)
    }

    /// Every artifact for a new device (synthetic ones only where its fleet allows them).
    static func addJobs(forDevice deviceId: String, _ db: PostgresTransaction) async throws {
        let now = Date()
        try await db.execute(
            """
            INSERT INTO benchmark_job (id, device_id, artifact_id, state, created_at, updated_at)
            SELECT gen_random_uuid()::text, \(deviceId), id, 'pending', \(now), \(now) FROM artifact
            WHERE deleted_at IS NULL
              AND (NOT is_synthetic
                   OR (SELECT f.allow_synthetic FROM device d JOIN fleet f ON f.name = d.fleet_name WHERE d.id = \(deviceId)))
            ON CONFLICT (device_id, artifact_id) DO NOTHING
            """)
    }

    /// Every device for a new artifact (for a synthetic one, the devices of fleets that allow them).
    static func addJobs(forArtifact artifactId: String, _ db: PostgresTransaction) async throws {
        let now = Date()
        try await db.execute(
            """
            INSERT INTO benchmark_job (id, device_id, artifact_id, state, created_at, updated_at)
            SELECT gen_random_uuid()::text, d.id, \(artifactId), 'pending', \(now), \(now)
            FROM device d JOIN fleet f ON f.name = d.fleet_name
            WHERE f.allow_synthetic OR NOT (SELECT is_synthetic FROM artifact WHERE id = \(artifactId))
            ON CONFLICT (device_id, artifact_id) DO NOTHING
            """)
    }

    /// A result for the pair completes its job.
    static func completeJob(deviceId: String, artifactId: String, _ db: PostgresTransaction) async throws {
        try await db.execute(
            """
            UPDATE benchmark_job SET state = 'done', error = NULL, updated_at = \(Date())
            WHERE device_id = \(deviceId) AND artifact_id = \(artifactId) AND state != 'done'
            """)
    }
}
