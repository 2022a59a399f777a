import EffFleetTesting
import FleetModel
import Foundation
import GRDB
import RegistryStore
import XCTest

/// Deployments are read with their associations: every assignment with its device's name, its
/// artifact and its history; on SQLite the number of statements does not grow with the number of
/// assignments (it did: three per assignment).
class DeploymentQueryTests: StoreTestCase {
    private let artifactID = String(repeating: "a", count: 64)

    /// Fleet `fleet` with one deployment of `devices` assignments (a canary stage and one wave).
    private func seed(_ store: any FleetStore, fleet: String, devices: Int) async throws -> DeploymentDetails {
        try await store.createFleet(FleetRecord(name: fleet, enrollmentTokenHash: "e", latencyBudgetMs: 20, percentile: .p90))
        try await store.addArtifact(
            ArtifactRecord(
                id: artifactID, variant: "lite0", precision: "fp32", sizeBytes: 10, origin: "pretrained:x", isSynthetic: false,
                publishedTop1: 75.1))
        let hardware = HardwareReport(cpuModel: "cpu", cores: 2, memoryMb: 1024, architecture: "x86_64", backend: "xnnpack", threads: 1)
        let plan = PlanRecord(fleetName: fleet, percentile: .p90, headroom: 0.1, allowSynthetic: false, pendingJobs: 0)
        var entries: [PlanEntryRecord] = []
        for position in 0..<devices {
            let id = "\(fleet)-d\(position)"
            _ = try await store.enroll(
                DeviceRecord(
                    id: id, name: "cam-\(position)", fleetName: fleet, tokenHash: "\(fleet)-t\(position)", hardware: hardware,
                    engineVersion: "0.1.0", latencyBudgetMs: nil, memoryBudgetMb: nil),
                credential: .enrollmentToken)
            entries.append(
                PlanEntryRecord(
                    planId: plan.id, position: position, deviceId: id, deviceName: "cam-\(position)", latencyBudgetMs: 20,
                    memoryBudgetMb: nil, decision: "assign", artifactId: artifactID, variant: "lite0", precision: "fp32",
                    backend: "onednn", latencyMs: 9, predicted: false, top1: 75.1, peakRssMb: 60, currentArtifactId: nil,
                    changesCurrent: true, reason: "most accurate fit"))
        }
        try await store.savePlan(plan, entries: entries, jobs: [])
        return try await store.createDeployment(planId: plan.id, rollout: RolloutOptions(canaryPercent: 50, waves: 1, maxFailures: 0))
    }

    func testADeploymentIsReadWithEveryAssignmentItsDeviceArtifactAndHistory() async throws {
        let store = try await openStore()
        let created = try await seed(store, fleet: "demo", devices: 20)
        let listed = try await store.deployments(fleet: "demo")
        let read = try await store.deployment(id: created.deployment.id)
        XCTAssertEqual(listed, [created])
        XCTAssertEqual(read, created)
        XCTAssertEqual(read.assignments.count, 20)
        XCTAssertEqual(Set(read.assignments.map(\.deviceName)).count, 20)
        XCTAssertEqual(read.assignments.map(\.assignment.stage), Array(repeating: 0, count: 10) + Array(repeating: 1, count: 10))
        XCTAssertEqual(
            read.assignments.map(\.assignment.state), Array(repeating: .pending, count: 10) + Array(repeating: .waiting, count: 10))
        XCTAssertTrue(
            read.assignments.allSatisfy { $0.history.count == 1 && $0.artifact.id == artifactID && $0.assignment.backend == "onednn" })
        XCTAssertEqual(read.events.map(\.kind), ["deployment-created"])
        XCTAssertEqual(read.deployment.stageCount, 2)
        let emptyFleet = try await store.deployments(fleet: "nope")
        XCTAssertEqual(emptyFleet, [])
    }

    func testListingDeploymentsTakesAsManyStatementsForTwoAssignmentsAsForTwenty() async throws {
        guard Self.database == .sqlite else { throw XCTSkip("counts the statements of GRDB's association requests (SQLite only)") }
        var statements: [Int] = []
        for devices in [2, 20] {
            // A database each: both reads start with an empty schema cache.
            let sqlite = RegistryStore(database: try RegistryDatabase(path: directory.appendingPathComponent("\(devices).sqlite").path))
            _ = try await seed(sqlite, fleet: "fleet\(devices)", devices: devices)
            let counter = StatementCounter()
            let details = try await sqlite.database.pool.read { db in
                db.trace { _ in counter.increment() }
                defer { db.trace(nil) }
                return try DeploymentDetails.request.filter(Column("fleetName") == "fleet\(devices)").fetchAll(db)
            }
            XCTAssertEqual(details.first?.assignments.count, devices)
            statements.append(counter.count)
        }
        XCTAssertEqual(statements[0], statements[1], "statements for 2 and 20 assignments")
    }
}

/// ``DeploymentQueryTests`` on PostgreSQL (the details are read with three statements, however many
/// assignments: see `PostgresStore.details(of:_:)`).
final class PostgresDeploymentQueryTests: DeploymentQueryTests {
    override class var database: StoreDatabase { .postgres }
    override func testADeploymentIsReadWithEveryAssignmentItsDeviceArtifactAndHistory() async throws {
        try await super.testADeploymentIsReadWithEveryAssignmentItsDeviceArtifactAndHistory()
    }
}

/// Counts traced statements (the trace closure runs on the connection's queue).
private final class StatementCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
