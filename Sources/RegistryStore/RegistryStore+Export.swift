import Foundation
import GRDB

/// Every record of a registry, read in one transaction: what `effregistry migrate` moves to
/// another database.
public struct RegistryExport: Sendable {
    public var artifacts: [ArtifactRecord]
    public var fleets: [FleetRecord]
    public var devices: [DeviceRecord]
    public var results: [BenchmarkResultRecord]
    public var jobs: [BenchmarkJobRecord]
    public var plans: [PlanRecord]
    public var planEntries: [PlanEntryRecord]
    public var deployments: [DeploymentRecord]
    /// In creation order (their order within a stage).
    public var assignments: [AssignmentRecord]
    public var assignmentEvents: [AssignmentEventRecord]
    public var fleetEvents: [FleetEventRecord]

    /// Records per table, by the table names both databases share (snake_case).
    public var counts: [String: Int] {
        [
            "artifact": artifacts.count, "fleet": fleets.count, "device": devices.count, "benchmark_result": results.count,
            "benchmark_job": jobs.count, "plan": plans.count, "plan_entry": planEntries.count, "deployment": deployments.count,
            "assignment": assignments.count, "assignment_event": assignmentEvents.count, "fleet_event": fleetEvents.count,
        ]
    }
}

extension RegistryStore {
    /// Every record, in one read transaction (a consistent copy while the registry serves).
    public func exportAll() async throws -> RegistryExport {
        try await read { db in
            RegistryExport(
                artifacts: try ArtifactRecord.order(Column("id")).fetchAll(db),
                fleets: try FleetRecord.order(Column("name")).fetchAll(db),
                devices: try DeviceRecord.order(Column("id")).fetchAll(db),
                results: try BenchmarkResultRecord.order(Column("id")).fetchAll(db),
                jobs: try BenchmarkJobRecord.order(Column("id")).fetchAll(db),
                plans: try PlanRecord.order(Column("createdAt"), Column("id")).fetchAll(db),
                planEntries: try PlanEntryRecord.order(Column("planId"), Column("position")).fetchAll(db),
                deployments: try DeploymentRecord.order(Column("createdAt"), Column("id")).fetchAll(db),
                assignments: try AssignmentRecord.order(Column.rowID).fetchAll(db),
                assignmentEvents: try AssignmentEventRecord.order(Column("id")).fetchAll(db),
                fleetEvents: try FleetEventRecord.order(Column("id")).fetchAll(db))
        }
    }
}
