import EffFleetTesting
import FleetModel
import Foundation
import RegistryStore
import XCTest

/// A fleet of four devices with two artifacts, and devices that report as agents do.
class RolloutTestCase: StoreTestCase {
    let old = String(repeating: "a", count: 64)
    let new = String(repeating: "b", count: 64)
    let devices = ["d0", "d1", "d2", "d3"]

    /// Fleet `demo` (budget 20 ms) with four devices that all run `old` (a completed deployment).
    func seed(_ store: any FleetStore) async throws {
        try await store.createFleet(FleetRecord(name: "demo", enrollmentTokenHash: "e", latencyBudgetMs: 20, percentile: .p90))
        for (id, variant) in [(old, "lite0"), (new, "lite1")] {
            try await store.addArtifact(
                ArtifactRecord(
                    id: id, variant: variant, precision: "fp32", sizeBytes: 10, origin: "pretrained:x", isSynthetic: false,
                    publishedTop1: 75))
        }
        let hardware = HardwareReport(cpuModel: "cpu", cores: 2, memoryMb: 1024, architecture: "x86_64", backend: "xnnpack", threads: 1)
        for (index, id) in devices.enumerated() {
            _ = try await store.enroll(
                DeviceRecord(
                    id: id, name: "cam-\(index)", fleetName: "demo", tokenHash: "t\(index)", hardware: hardware, engineVersion: "0.1.0",
                    latencyBudgetMs: nil, memoryBudgetMb: nil),
                credential: .enrollmentToken)
        }
        let first = try await deploy(old, store, rollout: RolloutOptions())
        for device in devices { try await serve(device, latencyMs: 9, store) }
        let done = try await store.deployment(id: first.deployment.id)
        XCTAssertEqual(done.deployment.state, .completed)
    }

    /// A plan assigning `artifact` to every device, carried out with `rollout`.
    func deploy(_ artifact: String, _ store: any FleetStore, rollout: RolloutOptions) async throws -> DeploymentDetails {
        try await Self.deploy(artifact, devices: devices, store, rollout: rollout)
    }

    static func deploy(
        _ artifact: String, devices: [String], _ store: any FleetStore, rollout: RolloutOptions
    ) async throws
        -> DeploymentDetails
    {
        let plan = PlanRecord(fleetName: "demo", percentile: .p90, headroom: 0.1, allowSynthetic: false, pendingJobs: 0)
        let entries = devices.enumerated().map { position, id in
            PlanEntryRecord(
                planId: plan.id, position: position, deviceId: id, deviceName: "cam-\(position)", latencyBudgetMs: 20, memoryBudgetMb: nil,
                decision: "assign", artifactId: artifact, variant: "lite0", precision: "fp32", backend: "xnnpack", latencyMs: 9,
                predicted: false, top1: 75, peakRssMb: 60, currentArtifactId: nil, changesCurrent: true, reason: "fits")
        }
        try await store.savePlan(plan, entries: entries, jobs: [])
        return try await store.createDeployment(planId: plan.id, rollout: rollout, actor: "operator")
    }

    /// `device` downloads and activates its current assignment, then reports its latency until the
    /// health gate decides.
    func serve(_ device: String, latencyMs: Double, _ store: any FleetStore) async throws {
        let name = "cam-\(device.dropFirst())"
        let current = try await store.currentAssignment(deviceId: device)
        let assignment = try XCTUnwrap(current, "\(device) has an assignment").assignment
        _ = try await store.reportAssignment(id: assignment.id, deviceId: device, deviceName: name, state: .downloading, detail: nil)
        _ = try await store.reportAssignment(id: assignment.id, deviceId: device, deviceName: name, state: .active, detail: nil)
        var state = AssignmentState.active
        while state == .active {
            let report = HealthReport(p50Ms: latencyMs, p90Ms: latencyMs, p99Ms: latencyMs, runs: 20)
            state = try await store.reportHealth(id: assignment.id, deviceId: device, deviceName: name, report: report).assignment.state
        }
    }

}

/// Staged rollouts through the store: devices' reports settle assignments, the last settled one of
/// a stage judges it (next stage, completion, or a halt with automatic rollbacks).
class RolloutTests: RolloutTestCase {
    func testHealthyStagesAdvanceOnceEachAndTheDeploymentCompletes() async throws {
        let store = try await openStore()
        try await seed(store)
        let deployment = try await deploy(new, store, rollout: RolloutOptions(canaryPercent: 25, waves: 1, maxFailures: 0))
        XCTAssertEqual(deployment.assignments.map(\.assignment.stage), [0, 1, 1, 1])
        XCTAssertEqual(deployment.assignments.map(\.assignment.previousArtifactId), Array(repeating: old, count: 4))
        let canary = deployment.assignments[0].assignment.deviceId
        let waiting = try await store.currentAssignment(deviceId: deployment.assignments[1].assignment.deviceId)
        XCTAssertEqual(waiting?.assignment.artifactId, old, "a device does not see its assignment before its stage starts")
        try await serve(canary, latencyMs: 9, store)
        let afterCanary = try await store.deployment(id: deployment.deployment.id)
        XCTAssertEqual(afterCanary.deployment.currentStage, 1)
        XCTAssertEqual(afterCanary.assignments.map(\.assignment.state), [.healthy, .pending, .pending, .pending])
        for assignment in afterCanary.assignments.dropFirst() { try await serve(assignment.assignment.deviceId, latencyMs: 9, store) }
        let done = try await store.deployment(id: deployment.deployment.id)
        XCTAssertEqual(done.deployment.state, .completed)
        XCTAssertEqual(
            done.events.map(\.kind), ["deployment-created", "stage-passed", "stage-started", "stage-passed", "deployment-completed"])
        XCTAssertEqual(done.events.map(\.detail)[1...2], ["stage 1 of 2: 1 of 1 healthy", "stage 2 of 2: 3 devices"])
        let served = try await store.devices(fleet: "demo")
        XCTAssertEqual(served.map(\.currentArtifactId), Array(repeating: new, count: 4))
        let history = done.assignments[1].history.map(\.state)
        XCTAssertEqual(history, [.waiting, .pending, .downloading, .active, .healthy])
    }

    func testABreachHaltsTheRolloutCancelsLaterStagesAndRollsTheDeviceBack() async throws {
        let store = try await openStore()
        try await seed(store)
        let deployment = try await deploy(new, store, rollout: RolloutOptions(canaryPercent: 25, waves: 1, maxFailures: 0))
        let canary = deployment.assignments[0].assignment.deviceId
        try await serve(canary, latencyMs: 50, store)
        let halted = try await store.deployment(id: deployment.deployment.id)
        XCTAssertEqual(halted.deployment.state, .halted)
        // The canary's automatic rollback is an assignment of the same deployment and stage.
        XCTAssertEqual(halted.assignments.map(\.assignment.state), [.breached, .pending, .cancelled, .cancelled, .cancelled])
        XCTAssertEqual(halted.assignments.map(\.assignment.purpose), [.deploy, .rollback, .deploy, .deploy, .deploy])
        XCTAssertEqual(halted.events.map(\.kind), ["deployment-created", "deployment-halted", "rollback"])
        let rollback = try await store.currentAssignment(deviceId: canary)
        XCTAssertEqual(rollback?.assignment.purpose, .rollback)
        XCTAssertEqual(rollback?.assignment.artifactId, old)
        XCTAssertEqual(rollback?.assignment.state, .pending)
        XCTAssertEqual(rollback?.assignment.previousArtifactId, new)
        let fleetEvents = try await store.events(fleet: "demo", deviceId: canary)
        XCTAssertEqual(fleetEvents.map(\.kind), ["device-enrolled", "rollback"])
    }

    func testDevicesLeftOutOfADeploymentGetNoAssignment() async throws {
        let store = try await openStore()
        try await seed(store)
        var rollout = RolloutOptions(canaryPercent: 50, waves: 1)
        rollout.excludedDevices = ["d1", "d3"]
        let deployment = try await deploy(new, store, rollout: rollout)
        XCTAssertEqual(Set(deployment.assignments.map(\.assignment.deviceId)), ["d0", "d2"])
        XCTAssertEqual(deployment.deployment.stageCount, 2, "the layout counts only the devices deployed to")
    }

    func testAnOperatorRollsACompletedDeploymentBackAndNothingBeforeTheFirstOne() async throws {
        let store = try await openStore()
        try await seed(store)
        let seeded = try await store.deployments(fleet: "demo")
        let first = try XCTUnwrap(seeded.first)
        await assertStoreError(.conflict) { _ = try await store.rollBack(deploymentId: first.deployment.id, actor: "operator") }
        await assertStoreError(.notFound) { _ = try await store.rollBack(deploymentId: "nope", actor: "operator") }
        let deployment = try await deploy(new, store, rollout: RolloutOptions())
        for device in devices { try await serve(device, latencyMs: 9, store) }
        let rollback = try await store.rollBack(deploymentId: deployment.deployment.id, actor: "operator")
        XCTAssertEqual(rollback.deployment.kind, "rollback")
        XCTAssertEqual(rollback.deployment.rollbackOf, deployment.deployment.id)
        XCTAssertEqual(Set(rollback.assignments.map(\.assignment.deviceId)), Set(devices))
        XCTAssertTrue(rollback.assignments.allSatisfy { $0.assignment.artifactId == old && $0.assignment.purpose == .rollback })
        for device in devices { try await serve(device, latencyMs: 9, store) }
        let done = try await store.deployment(id: rollback.deployment.id)
        XCTAssertEqual(done.deployment.state, .completed)
        let listed = try await store.deployments(fleet: "demo")
        XCTAssertEqual(listed.map(\.deployment.id), [rollback.deployment.id, deployment.deployment.id, first.deployment.id])
    }
}

/// ``RolloutTests`` on PostgreSQL.
final class PostgresRolloutTests: RolloutTests {
    override class var database: StoreDatabase { .postgres }
    override func testHealthyStagesAdvanceOnceEachAndTheDeploymentCompletes() async throws {
        try await super.testHealthyStagesAdvanceOnceEachAndTheDeploymentCompletes()
    }
    override func testABreachHaltsTheRolloutCancelsLaterStagesAndRollsTheDeviceBack() async throws {
        try await super.testABreachHaltsTheRolloutCancelsLaterStagesAndRollsTheDeviceBack()
    }
    override func testAnOperatorRollsACompletedDeploymentBackAndNothingBeforeTheFirstOne() async throws {
        try await super.testAnOperatorRollsACompletedDeploymentBackAndNothingBeforeTheFirstOne()
    }
    override func testDevicesLeftOutOfADeploymentGetNoAssignment() async throws {
        try await super.testDevicesLeftOutOfADeploymentGetNoAssignment()
    }
}
