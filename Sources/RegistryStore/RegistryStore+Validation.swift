import FleetModel
import Foundation
import GRDB

/// What the registry needs to check a measurement against its physical floor
/// (``MeasurementRules/latencyFloorMs(macs:threads:)``).
public struct HealthSubject: Hashable, Sendable {
    /// The variant of the assigned artifact.
    public var variant: String
    /// The threads the device serves with (its hardware report's), in 1…``MeasurementRules/maximumThreads``.
    public var threads: Int

    public init(variant: String, threads: Int) {
        self.variant = variant
        self.threads = threads
    }
}

extension RegistryStore {
    /// The variant an assignment of `deviceId` runs and the threads that device serves with; nil
    /// when `deviceId` has no assignment `assignmentId`.
    public func healthSubject(assignmentId: String, deviceId: String) async throws -> HealthSubject? {
        try await read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT a.variant, json_extract(d.hardware, '$.threads') FROM assignment s
                    JOIN artifact a ON a.id = s.artifactId JOIN device d ON d.id = s.deviceId
                    WHERE s.id = ? AND s.deviceId = ?
                    """,
                arguments: [assignmentId, deviceId])
            guard let row else { return nil }
            let threads: Int = row[1] ?? 1
            return HealthSubject(variant: row[0], threads: min(max(threads, 1), MeasurementRules.maximumThreads))
        }
    }

    /// A ``planningResultsSQL`` row's figures as the device posted them, to check them again
    /// with ``FleetModel/BenchmarkFigures/validate(latencyFloorMs:)``: results stored before the
    /// registry validated them at the door may break the rules, and planning skips those.
    static func storedFigures(_ row: Row) -> (id: String, artifactId: String, figures: BenchmarkFigures) {
        let figures = BenchmarkFigures(
            backend: row[8], threads: row[9], runs: row[10], meanMs: row[11], stdMs: row[12], minMs: row[13], p50Ms: row[2],
            p90Ms: row[3], p99Ms: row[4], maxMs: row[14], initMs: row[15], firstMs: row[16], peakRssMb: row[5], engineVersion: row[17])
        return (row[7], row[1], figures)
    }
}
