import EffFleetTesting
import FleetModel
import Foundation
import GRDB
import RegistryStore
import XCTest

/// Deployments are read with their associations: the number of SQL statements does not grow with
/// the number of assignments (it did: three per assignment).
final class DeploymentQueryTests: XCTestCase {
    private var directory: URL!
    private let artifactID = String(repeating: "a", count: 64)

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("deployment-queries")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A store whose fleet has one deployment of `devices` assignments.
    private func store(devices: Int) async throws -> RegistryStore {
        let store = RegistryStore(database: try RegistryDatabase(path: directory.appendingPathComponent("\(devices).sqlite").path))
        try await store.createFleet(FleetRecord(name: "demo", enrollmentTokenHash: "e", latencyBudgetMs: 20, percentile: .p90))
        try await store.addArtifact(
            ArtifactRecord(
                id: artifactID, variant: "lite0", precision: "fp32", sizeBytes: 10, origin: "pretrained:x", isSynthetic: false,
                publishedTop1: 75.1))
        let hardware = HardwareReport(cpuModel: "cpu", cores: 2, memoryMb: 1024, architecture: "x86_64", backend: "xnnpack", threads: 1)
        let plan = PlanRecord(fleetName: "demo", percentile: .p90, headroom: 0.1, allowSynthetic: false, pendingJobs: 0)
        var entries: [PlanEntryRecord] = []
        for position in 0..<devices {
            _ = try await store.enroll(
                DeviceRecord(
                    id: "d\(position)", name: "cam-\(position)", fleetName: "demo", tokenHash: "t\(position)", hardware: hardware,
                    engineVersion: "0.1.0", latencyBudgetMs: nil, memoryBudgetMb: nil),
                credential: .enrollmentToken)
            entries.append(
                PlanEntryRecord(
                    planId: plan.id, position: position, deviceId: "d\(position)", deviceName: "cam-\(position)", latencyBudgetMs: 20,
                    memoryBudgetMb: nil, decision: "assign", artifactId: artifactID, variant: "lite0", precision: "fp32",
                    backend: "onednn", latencyMs: 9, predicted: false, top1: 75.1, peakRssMb: 60, currentArtifactId: nil,
                    changesCurrent: true, reason: "most accurate fit"))
        }
        try await store.savePlan(plan, entries: entries, jobs: [])
        _ = try await store.createDeployment(planId: plan.id, rollout: RolloutOptions(canaryPercent: 50, waves: 1, maxFailures: 0))
        return store
    }

    func testListingDeploymentsTakesAsManyStatementsForTwoAssignmentsAsForTwenty() async throws {
        var statements: [Int] = []
        for devices in [2, 20] {
            let store = try await store(devices: devices)
            let counter = StatementCounter()
            let details = try await store.database.pool.read { db in
                db.trace { _ in counter.increment() }
                defer { db.trace(nil) }
                return try DeploymentDetails.request.fetchAll(db)
            }
            XCTAssertEqual(details.first?.assignments.count, devices)
            XCTAssertEqual(Set(details.first?.assignments.map(\.deviceName) ?? []).count, devices)
            XCTAssertTrue(details.first?.assignments.allSatisfy { $0.history.count == 1 && $0.artifact.id == artifactID } ?? false)
            statements.append(counter.count)
        }
        XCTAssertEqual(statements[0], statements[1], "statements for 2 and 20 assignments")
    }
}

/// Counts traced statements (the trace closure runs on the connection's queue).
private final class StatementCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
