import EffFleetTesting
import FleetModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryAPI
import RegistryService
import RegistryStore
import XCTest

/// A deployment leaves out the plan's devices that are offline when it is created (last heartbeat
/// older than the registry's bound, or none), names them, and includes them when asked.
final class OfflineDevicesAPITests: XCTestCase {
    private var directory: URL!
    private static let artifact = String(repeating: "c", count: 64)

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("registry-offline")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Fleet `demo`: cam-0 heard from now, cam-1 an hour ago, cam-2 never; a plan assigning all three.
    private static func seed(_ store: any FleetStore) async throws -> String {
        try await store.createFleet(FleetRecord(name: "demo", enrollmentTokenHash: "e", latencyBudgetMs: 20, percentile: .p90))
        try await store.addArtifact(
            ArtifactRecord(
                id: artifact, variant: "lite0", precision: "fp32", sizeBytes: 10, origin: "pretrained:x", isSynthetic: false,
                publishedTop1: 75))
        let now = Date()
        for (index, lastSeen) in [now, now.addingTimeInterval(-3600), nil].enumerated() {
            _ = try await store.enroll(
                DeviceRecord(
                    id: "d\(index)", name: "cam-\(index)", fleetName: "demo", tokenHash: "t\(index)", hardware: API.hardware,
                    engineVersion: "0.1.0", latencyBudgetMs: nil, memoryBudgetMb: nil, lastSeenAt: lastSeen),
                credential: .enrollmentToken)
        }
        let plan = PlanRecord(fleetName: "demo", percentile: .p90, headroom: 0.1, allowSynthetic: false, pendingJobs: 0)
        let entries = (0..<3).map { position in
            PlanEntryRecord(
                planId: plan.id, position: position, deviceId: "d\(position)", deviceName: "cam-\(position)", latencyBudgetMs: 20,
                memoryBudgetMb: nil, decision: "assign", artifactId: artifact, variant: "lite0", precision: "fp32", backend: "xnnpack",
                latencyMs: 9, predicted: false, top1: 75, peakRssMb: 60, currentArtifactId: nil, changesCurrent: true, reason: "fits")
        }
        try await store.savePlan(plan, entries: entries, jobs: [])
        return plan.id
    }

    func testOfflineDevicesAreLeftOutAndNamedUnlessIncluded() async throws {
        try await API.withRegistry(in: directory, catalog: false) { client, registry in
            let plan = try await Self.seed(registry.store)
            let admin = API.bearer(registry.adminToken)
            let created = try await client.execute(
                uri: "/v1/deployments", method: .post, headers: admin, body: try API.json(CreateDeploymentRequest(planId: plan)))
            XCTAssertEqual(created.status, .created)
            let deployment = try API.decode(DeploymentView.self, created)
            XCTAssertEqual(deployment.offlineLeftOut, ["cam-1", "cam-2"])
            XCTAssertEqual(deployment.assignments.map(\.device), ["cam-0"])

            let included = try await client.execute(
                uri: "/v1/deployments", method: .post, headers: admin,
                body: try API.json(CreateDeploymentRequest(planId: plan, includeOffline: true)))
            XCTAssertEqual(included.status, .created)
            let all = try API.decode(DeploymentView.self, included)
            XCTAssertNil(all.offlineLeftOut)
            XCTAssertEqual(all.assignments.map(\.device).sorted(), ["cam-0", "cam-1", "cam-2"])

            // Read back later, a deployment does not repeat who was left out.
            let read = try await client.execute(uri: "/v1/deployments/\(deployment.id)", method: .get, headers: admin)
            XCTAssertNil(try API.decode(DeploymentView.self, read).offlineLeftOut)
        }
    }
}
