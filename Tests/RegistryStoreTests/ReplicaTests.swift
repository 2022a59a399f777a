import EffFleetTesting
import FleetModel
import Foundation
import PostgresStore
import RegistryStore
import XCTest

/// Several registry replicas on one PostgreSQL database: each replica is a ``PostgresStore`` with a
/// connection pool of its own.
final class PostgresReplicaTests: RolloutTestCase {
    override class var database: StoreDatabase { .postgres }

    /// A two-device canary stage whose two health reports arrive at the same moment, one on each
    /// replica: the stage is judged once (one `stage-passed`, one `stage-started`, the next stage's
    /// devices released once), not twice and not never. Five rollouts, for five chances to collide.
    func testTwoReplicasReceivingAStagesLastTwoHealthReportsAtOnceAdvanceItOnce() async throws {
        let replicaA = try await openPostgresStore()
        let replicaB = try await openPostgresStore()
        try await seed(replicaA)
        for round in 0..<5 {
            let artifact = round.isMultiple(of: 2) ? new : old
            let deployment = try await deploy(artifact, replicaA, rollout: RolloutOptions(canaryPercent: 50, waves: 1, maxFailures: 0))
            let canary = deployment.assignments.filter { $0.assignment.stage == 0 }.map(\.assignment)
            XCTAssertEqual(canary.count, 2)
            for assignment in canary {
                let name = "cam-\(assignment.deviceId.dropFirst())"
                for state in [AssignmentState.downloading, .active] {
                    _ = try await replicaA.reportAssignment(
                        id: assignment.id, deviceId: assignment.deviceId, deviceName: name, state: state, detail: nil)
                }
            }
            let report = HealthReport(p50Ms: 8, p90Ms: 9, p99Ms: 10, runs: 20)
            let settled = try await withThrowingTaskGroup(of: AssignmentState.self) { group in
                for (assignment, replica) in zip(canary, [replicaA, replicaB]) {
                    group.addTask {
                        try await replica.reportHealth(
                            id: assignment.id, deviceId: assignment.deviceId, deviceName: "cam-\(assignment.deviceId.dropFirst())",
                            report: report
                        ).assignment.state
                    }
                }
                return try await group.reduce(into: [AssignmentState]()) { $0.append($1) }
            }
            XCTAssertEqual(settled, [.healthy, .healthy])
            let judged = try await replicaB.deployment(id: deployment.deployment.id)
            XCTAssertEqual(judged.events.map(\.kind), ["deployment-created", "stage-passed", "stage-started"], "round \(round)")
            XCTAssertEqual(judged.deployment.currentStage, 1)
            let secondStage = judged.assignments.filter { $0.assignment.stage == 1 }
            XCTAssertEqual(secondStage.map(\.assignment.state), [.pending, .pending])
            XCTAssertTrue(secondStage.allSatisfy { $0.history.map(\.state) == [.waiting, .pending] }, "released once")
        }
    }

    /// One name enrolled through both replicas at once with the fleet's token: one device is created,
    /// the other enrollment is refused as the SQLite store refuses an enrolled name (forbidden), not
    /// with a constraint error. Ten names, for ten chances to collide.
    func testTheSameNameEnrolledOnTwoReplicasAtOnceCreatesOneDevice() async throws {
        let replicaA = try await openPostgresStore()
        let replicaB = try await openPostgresStore()
        try await replicaA.createFleet(FleetRecord(name: "race", enrollmentTokenHash: "e", latencyBudgetMs: 20, percentile: .p90))
        let hardware = HardwareReport(cpuModel: "cpu", cores: 2, memoryMb: 1024, architecture: "x86_64", backend: "xnnpack", threads: 1)
        for index in 0..<10 {
            let outcomes = await withTaskGroup(of: String.self) { group in
                for (side, replica) in [("a", replicaA), ("b", replicaB)] {
                    group.addTask {
                        let device = DeviceRecord(
                            id: "\(side)\(index)", name: "cam-\(index)", fleetName: "race", tokenHash: "\(side)-t\(index)",
                            hardware: hardware, engineVersion: "0.1.0", latencyBudgetMs: nil, memoryBudgetMb: nil)
                        do {
                            return try await replica.enroll(device, credential: .enrollmentToken, now: Date()).isNew ? "created" : "again"
                        } catch let error as StoreError {
                            return error.kind.rawValue
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }.sorted()
            }
            XCTAssertEqual(outcomes, ["created", "forbidden"], "name cam-\(index)")
        }
        let devices = try await replicaB.devices(fleet: "race")
        XCTAssertEqual(devices.count, 10)
    }

    /// Two deployments of the same devices created at once on two replicas: as with one writer, the
    /// later supersedes the earlier, so each device has one assignment to act on.
    func testDeploymentsOfTheSameDevicesCreatedOnTwoReplicasAtOnceLeaveOneAssignmentPerDevice() async throws {
        let replicaA = try await openPostgresStore()
        let replicaB = try await openPostgresStore()
        try await seed(replicaA)
        let devices = self.devices
        let plans = try await withThrowingTaskGroup(of: DeploymentDetails.self) { group in
            for (artifact, replica) in [(new, replicaA), (old, replicaB)] {
                group.addTask { try await Self.deploy(artifact, devices: devices, replica, rollout: RolloutOptions()) }
            }
            return try await group.reduce(into: [DeploymentDetails]()) { $0.append($1) }
        }
        XCTAssertEqual(plans.count, 2)
        for device in devices {
            let deployments = try await replicaA.deployments(fleet: "demo")
            let open = deployments.flatMap(\.assignments).filter {
                $0.assignment.deviceId == device && [.pending, .waiting, .downloading].contains($0.assignment.state)
            }
            XCTAssertEqual(open.count, 1, "\(device) has one assignment to act on")
        }
    }
}
