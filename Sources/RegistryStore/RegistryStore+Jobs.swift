import Foundation
import GRDB

/// A benchmark job with the artifact it names.
public struct BenchmarkJobListing: Hashable, Sendable {
    public var job: BenchmarkJobRecord
    public var artifact: ArtifactRecord

    public init(job: BenchmarkJobRecord, artifact: ArtifactRecord) {
        self.job = job
        self.artifact = artifact
    }
}

extension RegistryStore {
    /// Jobs, oldest first, optionally filtered by device, fleet and state; with `offeredAt`, only
    /// the pending jobs whose back-off has passed at that time (what a device is asked to run).
    public func jobs(
        deviceId: String?, fleet: String?, state: BenchmarkJobRecord.State?, offeredAt: Date?
    ) async throws -> [BenchmarkJobListing] {
        try await read { db in
            var request = BenchmarkJobRecord.all()
            if let deviceId { request = request.filter(Column("deviceId") == deviceId) }
            if let state { request = request.filter(Column("state") == state) }
            if let offeredAt {
                request = request.filter(Column("state") == BenchmarkJobRecord.State.pending)
                    .filter(Column("retryAfter") == nil || Column("retryAfter") <= offeredAt)
            }
            if let fleet {
                request = request.filter(sql: "deviceId IN (SELECT id FROM device WHERE fleetName = ?)", arguments: [fleet])
            }
            let jobs = try request.order(Column("createdAt"), Column("id")).fetchAll(db)
            let artifacts = try ArtifactRecord.fetchAll(db, keys: Set(jobs.map(\.artifactId)))
            let byID = Dictionary(uniqueKeysWithValues: artifacts.map { ($0.id, $0) })
            return jobs.compactMap { job in byID[job.artifactId].map { BenchmarkJobListing(job: job, artifact: $0) } }
        }
    }

    /// Opens every pair that `fleet`'s devices have measured for another round (their done jobs
    /// become pending): each device measures again what it measured, and plans pool the rounds
    /// (``PooledResults``). Returns how many pairs.
    public func remeasure(fleet name: String, actor: String) async throws -> Int {
        try await write { db in
            guard try FleetRecord.fetchOne(db, key: name) != nil else { throw StoreError(.notFound, "no fleet '\(name)'") }
            try db.execute(
                sql: """
                    UPDATE benchmarkJob SET state = 'pending', round = round + 1, error = NULL, updatedAt = ?
                    WHERE state = 'done' AND deviceId IN (SELECT id FROM device WHERE fleetName = ?)
                      AND artifactId IN (SELECT id FROM artifact WHERE deletedAt IS NULL)
                    """, arguments: [Date(), name])
            let count = db.changesCount
            try FleetEventRecord.append(.remeasureRequested(fleet: name, jobs: count, actor: actor), db)
            return count
        }
    }

    /// Records that `deviceId` failed its job `id` at `now`; only its own device may. The failure
    /// counts as an attempt: the job is offered again after `retry`'s back-off, or is `failed` for
    /// good once it has failed ``JobRetryPolicy/maximumAttempts`` times. A report that arrives
    /// while the job is not offered (in back-off, or given up) repeats the last one: it changes
    /// nothing, so a retried delivery is not counted twice.
    public func failJob(
        id: String, deviceId: String, error: String, now: Date, retry: JobRetryPolicy
    ) async throws -> BenchmarkJobListing {
        try await write { db in
            guard var job = try BenchmarkJobRecord.fetchOne(db, key: id), job.deviceId == deviceId else {
                throw StoreError(.notFound, "no job \(id) for this device")
            }
            guard job.state != .done else { throw StoreError(.conflict, "job \(id) is done") }
            if job.recordFailure(error, at: now, retry: retry) { try job.update(db) }
            guard let artifact = try ArtifactRecord.fetchOne(db, key: job.artifactId) else {
                throw StoreError(.notFound, "no artifact \(job.artifactId)")
            }
            return BenchmarkJobListing(job: job, artifact: artifact)
        }
    }

    /// The jobs of `fleet`'s devices that were given up (failed ``JobRetryPolicy/maximumAttempts``
    /// times): plans report these pairs instead of waiting for them.
    static func abandonedJobs(fleet: String, _ db: Database) throws -> [BenchmarkJobRecord] {
        try BenchmarkJobRecord.filter(Column("state") == BenchmarkJobRecord.State.failed)
            .filter(sql: "deviceId IN (SELECT id FROM device WHERE fleetName = ?)", arguments: [fleet])
            .order(Column("deviceId"), Column("artifactId")).fetchAll(db)
    }

    /// A pending job for a pair that has none yet (plans insert the pairs they lack with it).
    static let insertJob = """
        INSERT OR IGNORE INTO benchmarkJob (id, deviceId, artifactId, state, createdAt, updatedAt)
        VALUES (?, ?, ?, 'pending', ?4, ?4)
        """

    /// A done job measured again: a new round, pending.
    static let reopenJob = """
        UPDATE benchmarkJob SET state = 'pending', round = round + 1, error = NULL, updatedAt = ?
        WHERE deviceId = ? AND artifactId = ? AND state = 'done'
        """

    /// Every artifact for a new device (synthetic ones only where its fleet allows them).
    static func addJobs(forDevice deviceId: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO benchmarkJob (id, deviceId, artifactId, state, createdAt, updatedAt)
                SELECT lower(hex(randomblob(16))), ?1, id, 'pending', ?2, ?2 FROM artifact
                WHERE deletedAt IS NULL
                  AND (NOT isSynthetic OR (SELECT f.allowSynthetic FROM device d JOIN fleet f ON f.name = d.fleetName WHERE d.id = ?1))
                """, arguments: [deviceId, Date()])
    }

    /// Every device for a new artifact (for a synthetic one, the devices of fleets that allow them).
    static func addJobs(forArtifact artifactId: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO benchmarkJob (id, deviceId, artifactId, state, createdAt, updatedAt)
                SELECT lower(hex(randomblob(16))), d.id, ?1, 'pending', ?2, ?2 FROM device d JOIN fleet f ON f.name = d.fleetName
                WHERE f.allowSynthetic OR NOT (SELECT isSynthetic FROM artifact WHERE id = ?1)
                """, arguments: [artifactId, Date()])
    }

    /// A result for the pair completes its job.
    static func completeJob(deviceId: String, artifactId: String, _ db: Database) throws {
        try db.execute(
            sql:
                "UPDATE benchmarkJob SET state = 'done', error = NULL, updatedAt = ? WHERE deviceId = ? AND artifactId = ? AND state != "
                + "'done'",
            arguments: [Date(), deviceId, artifactId])
    }
}
