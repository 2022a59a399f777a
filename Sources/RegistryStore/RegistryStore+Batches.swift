import EffCore
import Foundation
import GRDB

extension RegistryStore {
    /// Stores many results in one transaction (one commit for all of them), each exactly as
    /// ``addResult(_:)`` would: a result whose id is already stored, or appears earlier in `results`,
    /// is left alone (`false`); one whose device or artifact does not exist is a `notFound` failure
    /// that does not affect the others. If the transaction itself fails, every result is retried in
    /// a transaction of its own, so one bad row cannot fail its neighbours.
    public func addResults(_ results: [BenchmarkResultRecord]) async -> [Result<Bool, StoreError>] {
        guard !results.isEmpty else { return [] }
        do {
            return try await write { db in try Self.insertResults(results, db) }
        } catch {
            return await addEachResult(results) { error in
                error as? StoreError ?? StoreError(.io, "database write failed: \(error)")
            }
        }
    }

    /// Sets `lastSeenAt` of many devices in one transaction, never to an earlier time than the one
    /// stored; ids of devices that no longer exist are skipped. Returns how many devices were updated.
    @discardableResult
    public func markSeen(_ seen: [String: Date]) async throws -> Int {
        guard !seen.isEmpty else { return 0 }
        return try await write { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE device SET lastSeenAt = ?1 WHERE id = ?2 AND (lastSeenAt IS NULL OR lastSeenAt < ?1)")
            var updated = 0
            for (deviceId, date) in seen {
                try statement.execute(arguments: [date, deviceId])
                updated += db.changesCount
            }
            return updated
        }
    }

    /// A Codable value as the JSON text GRDB stores for it (nil stays NULL).
    static func json<T: Encodable>(_ value: T?) throws -> String? {
        try value.map { String(decoding: try SnakeCaseJSON.encoder().encode($0), as: UTF8.self) }
    }

    private static func insertResults(_ results: [BenchmarkResultRecord], _ db: Database) throws -> [Result<Bool, StoreError>] {
        let resultExists = try db.cachedStatement(sql: "SELECT 1 FROM benchmarkResult WHERE id = ?")
        let deviceExists = try db.cachedStatement(sql: "SELECT 1 FROM device WHERE id = ?")
        let artifactExists = try db.cachedStatement(sql: "SELECT 1 FROM artifact WHERE id = ?")
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO benchmarkResult (id, deviceId, artifactId, backend, threads, runs, meanMs, stdMs, minMs, p50Ms, p90Ms, p99Ms,
                                             maxMs, initMs, firstMs, peakRssMb, engineVersion, trials, trialSpread, unstable, intervals,
                                             context, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let completeJob = try db.cachedStatement(
            sql:
                "UPDATE benchmarkJob SET state = 'done', error = NULL, updatedAt = ? WHERE deviceId = ? AND artifactId = ? AND state != "
                + "'done'"
        )
        var knownDevices = Set<String>()
        var knownArtifacts = Set<String>()
        var outcomes: [Result<Bool, StoreError>] = []
        outcomes.reserveCapacity(results.count)
        let now = Date()
        for result in results {
            if try Bool.fetchOne(resultExists, arguments: [result.id]) != nil {
                outcomes.append(.success(false))
                continue
            }
            if !knownDevices.contains(result.deviceId) {
                guard try Bool.fetchOne(deviceExists, arguments: [result.deviceId]) != nil else {
                    outcomes.append(.failure(StoreError(.notFound, "no device \(result.deviceId)")))
                    continue
                }
                knownDevices.insert(result.deviceId)
            }
            if !knownArtifacts.contains(result.artifactId) {
                guard try Bool.fetchOne(artifactExists, arguments: [result.artifactId]) != nil else {
                    outcomes.append(.failure(StoreError(.notFound, "no artifact \(result.artifactId)")))
                    continue
                }
                knownArtifacts.insert(result.artifactId)
            }
            try insert.execute(arguments: [
                result.id, result.deviceId, result.artifactId, result.backend, result.threads, result.runs, result.meanMs, result.stdMs,
                result.minMs,
                result.p50Ms, result.p90Ms, result.p99Ms, result.maxMs, result.initMs, result.firstMs, result.peakRssMb,
                result.engineVersion, result.trials, result.trialSpread, result.unstable, try Self.json(result.intervals),
                try Self.json(result.context), result.createdAt,
            ])
            try completeJob.execute(arguments: [now, result.deviceId, result.artifactId])
            outcomes.append(.success(true))
        }
        return outcomes
    }
}
