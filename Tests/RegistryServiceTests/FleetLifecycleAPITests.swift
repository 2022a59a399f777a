import EffCore
import EffFleetTesting
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import LiteArtifact
import Logging
import RegistryAPI
import RegistryService
import XCTest

/// Jobs, plans, deployments and assignments on a real server on 127.0.0.1 with a real SQLite file.
final class FleetLifecycleAPITests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("registry-lifecycle")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func withRegistry(_ body: @escaping @Sendable (any TestClientProtocol, Registry) async throws -> Void) async throws {
        let catalog = try VariantCatalog(contentsOf: Fixtures.repository.appendingPathComponent("Registry/variants.json"))
        let registry = try Registry(dataDirectory: directory, catalog: catalog, maximumArtifactSize: 64 << 20)
        let app = RegistryApplication.make(registry: registry, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(.live) { client in try await body(client, registry) }
    }

    private static func upload(_ client: any TestClientProtocol, _ registry: Registry, _ variant: Variant, seed: UInt64) async throws -> ArtifactView {
        let bytes = try SyntheticWeights.builder(variant: variant, seed: seed).encoded()
        let response = try await client.execute(uri: "/v1/artifacts", method: .post, headers: API.bearer(registry.adminToken), body: ByteBuffer(bytes: bytes))
        XCTAssertEqual(response.status, .created)
        return try API.decode(ArtifactView.self, response)
    }

    private static func result(_ id: String, artifact: String, p90: Double) -> BenchmarkReport {
        BenchmarkReport(
            id: id, artifactId: artifact, threads: 1, runs: 20, meanMs: p90 * 0.9, stdMs: 0.2, minMs: p90 * 0.8, p50Ms: p90 * 0.9,
            p90Ms: p90, p99Ms: p90 * 1.1, maxMs: p90 * 1.2, initMs: 20, firstMs: 12, peakRSSMB: 60, engineVersion: "0.1.0")
    }

    func testJobsAreCreatedForEveryPairAndCompletedByResults() async throws {
        try await withRegistry { client, registry in
            let admin = API.bearer(registry.adminToken)
            let lite0 = try await Self.upload(client, registry, .lite0, seed: 1)
            let (_, device) = try await API.setUpFleet(client, registry)
            let lite1 = try await Self.upload(client, registry, .lite1, seed: 2)
            let token = API.bearer(device.deviceToken)
            let jobs = try API.decode([BenchmarkJobView].self, try await client.execute(uri: "/v1/jobs", method: .get, headers: token))
            XCTAssertEqual(Set(jobs.map(\.artifactId)), [lite0.id, lite1.id], "enrollment and upload both create jobs")
            XCTAssertEqual(Set(jobs.map(\.state)), ["pending"])

            _ = try await client.execute(uri: "/v1/results", method: .post, headers: token, body: try API.json(Self.result("r1", artifact: lite0.id, p90: 5)))
            let failed = try await client.execute(uri: "/v1/jobs/\(try XCTUnwrap(jobs.first { $0.artifactId == lite1.id }).id)/failure", method: .post, headers: token, body: try API.json(JobFailureReport(error: "out of memory")))
            XCTAssertEqual(try API.decode(BenchmarkJobView.self, failed).state, "failed")
            let pending = try API.decode([BenchmarkJobView].self, try await client.execute(uri: "/v1/jobs", method: .get, headers: token))
            XCTAssertEqual(pending, [], "the result completed one job, the failure ended the other")
            let done = try API.decode([BenchmarkJobView].self, try await client.execute(uri: "/v1/jobs?fleet=demo&state=done", method: .get, headers: admin))
            XCTAssertEqual(done.map(\.artifactId), [lite0.id])
            API.assertError(try await client.execute(uri: "/v1/jobs?state=sleeping", method: .get, headers: admin), .badRequest, "state")
            API.assertError(try await client.execute(uri: "/v1/jobs/\(jobs[0].id)/failure", method: .post, headers: admin, body: try API.json(JobFailureReport(error: "x"))), .forbidden, "devices")
            API.assertError(try await client.execute(uri: "/v1/jobs/nope/failure", method: .post, headers: token, body: try API.json(JobFailureReport(error: "x"))), .notFound, "nope")
            API.assertError(try await client.execute(uri: "/v1/jobs/\(jobs[0].id)/failure", method: .post, headers: token, body: try API.json(JobFailureReport(error: String(repeating: "e", count: 5000)))), .badRequest, "error")
        }
    }

    func testPlanDeployAndAssignmentLifecycle() async throws {
        try await withRegistry { client, registry in
            let admin = API.bearer(registry.adminToken)
            let (fleetToken, fast) = try await API.setUpFleet(client, registry)  // cam-1, budget 10 ms
            let slow = try API.decode(EnrollResponse.self, try await client.execute(
                uri: "/v1/enroll", method: .post, headers: API.bearer(fleetToken),
                body: try API.json(EnrollRequest(name: "cam-2", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0", latencyBudgetMs: 3))))
            let lite0 = try await Self.upload(client, registry, .lite0, seed: 1)
            let lite1 = try await Self.upload(client, registry, .lite1, seed: 2)
            for (device, p90s) in [(fast, [5.0, 8.0]), (slow, [4.0, 7.0])] {
                for (artifact, p90) in zip([lite0, lite1], p90s) {
                    let posted = try await client.execute(uri: "/v1/results", method: .post, headers: API.bearer(device.deviceToken), body: try API.json(Self.result("\(device.deviceId)-\(artifact.id)", artifact: artifact.id, p90: p90)))
                    XCTAssertEqual(posted.status, .created)
                }
            }
            let synthetic = try await client.execute(uri: "/v1/plans", method: .post, headers: admin, body: try API.json(CreatePlanRequest(fleet: "demo")))
            XCTAssertEqual(try API.decode(PlanView.self, synthetic).entries.map(\.decision), [.noFeasibleVariant, .noFeasibleVariant], "synthetic artifacts are not planned by default")

            let created = try await client.execute(uri: "/v1/plans", method: .post, headers: admin, body: try API.json(CreatePlanRequest(fleet: "demo", allowSynthetic: true)))
            XCTAssertEqual(created.status, .created)
            let plan = try API.decode(PlanView.self, created)
            XCTAssertEqual(plan.percentile, "p90")
            XCTAssertEqual(plan.entries.map(\.device), ["cam-1", "cam-2"])
            XCTAssertEqual(plan.entries[0].artifactId, lite1.id, "8 ms × 1.1 fits 10 ms and lite1 is more accurate")
            XCTAssertEqual(plan.entries[0].latencyMs, 8)
            XCTAssertEqual(plan.entries[1].decision, .noFeasibleVariant)
            XCTAssertTrue(plan.entries[1].reason.contains("4.00 ms"), plan.entries[1].reason)

            let deployed = try await client.execute(uri: "/v1/deployments", method: .post, headers: admin, body: try API.json(CreateDeploymentRequest(planId: plan.id)))
            XCTAssertEqual(deployed.status, .created)
            let deployment = try API.decode(DeploymentView.self, deployed)
            XCTAssertEqual(deployment.assignments.map(\.device), ["cam-1"])
            let none = try await client.execute(uri: "/v1/assignment", method: .get, headers: API.bearer(slow.deviceToken))
            XCTAssertEqual(none.status, .noContent)
            let fastToken = API.bearer(fast.deviceToken)
            let assignment = try API.decode(AssignmentView.self, try await client.execute(uri: "/v1/assignment", method: .get, headers: fastToken))
            XCTAssertEqual(assignment.state, .pending)
            XCTAssertEqual(assignment.artifactId, lite1.id)

            let stateURI = "/v1/assignments/\(assignment.id)/state"
            API.assertError(try await client.execute(uri: stateURI, method: .post, headers: API.bearer(slow.deviceToken), body: try API.json(AssignmentStateReport(state: .active))), .notFound, assignment.id)
            API.assertError(try await client.execute(uri: stateURI, method: .post, headers: fastToken, body: ByteBuffer(string: #"{"state": "sleeping"}"#)), .badRequest, "state")
            for state in [AssignmentState.downloading, .active, .active] {
                let reported = try await client.execute(uri: stateURI, method: .post, headers: fastToken, body: try API.json(AssignmentStateReport(state: state, detail: "top-1 class 285")))
                XCTAssertEqual(reported.status, .ok)
            }
            API.assertError(try await client.execute(uri: stateURI, method: .post, headers: fastToken, body: try API.json(AssignmentStateReport(state: .failed))), .conflict, "active")
            let shown = try API.decode(DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(deployment.id)", method: .get, headers: admin))
            XCTAssertEqual(shown.assignments[0].history.map(\.state), [.pending, .downloading, .active], "a repeated state is not a new event")
            let device = try API.decode(DeviceView.self, try await client.execute(uri: "/v1/devices/\(fast.deviceId)", method: .get, headers: admin))
            XCTAssertEqual(device.currentArtifactId, lite1.id)

            // A tighter budget and a new plan: lite0 now, marked as a change from the current lite1.
            let patched = try await client.execute(uri: "/v1/devices/\(fast.deviceId)", method: .patch, headers: admin, body: try API.json(UpdateDeviceRequest(latencyBudgetMs: 6)))
            XCTAssertEqual(try API.decode(DeviceView.self, patched).latencyBudgetMs, 6)
            let replanned = try API.decode(PlanView.self, try await client.execute(uri: "/v1/plans", method: .post, headers: admin, body: try API.json(CreatePlanRequest(fleet: "demo", allowSynthetic: true))))
            XCTAssertEqual(replanned.entries[0].artifactId, lite0.id)
            XCTAssertEqual(replanned.entries[0].currentArtifactId, lite1.id)
            XCTAssertTrue(replanned.entries[0].changesCurrent)
            let second = try API.decode(DeploymentView.self, try await client.execute(uri: "/v1/deployments", method: .post, headers: admin, body: try API.json(CreateDeploymentRequest(planId: replanned.id))))
            let third = try API.decode(DeploymentView.self, try await client.execute(uri: "/v1/deployments", method: .post, headers: admin, body: try API.json(CreateDeploymentRequest(planId: replanned.id))))
            let superseded = try API.decode(DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(second.id)", method: .get, headers: admin))
            XCTAssertEqual(superseded.assignments[0].state, .superseded, "an unfinished assignment is superseded by a newer deployment")
            let current = try API.decode(AssignmentView.self, try await client.execute(uri: "/v1/assignment", method: .get, headers: fastToken))
            XCTAssertEqual(current.deploymentId, third.id)
            let listed = try API.decode([DeploymentView].self, try await client.execute(uri: "/v1/deployments?fleet=demo", method: .get, headers: admin))
            XCTAssertEqual(listed.map(\.id), [third.id, second.id, deployment.id])
            let plans = try API.decode([PlanView].self, try await client.execute(uri: "/v1/plans?fleet=demo", method: .get, headers: admin))
            XCTAssertEqual(plans.count, 3)
            let one = try API.decode(PlanView.self, try await client.execute(uri: "/v1/plans/\(plan.id)?device=\(slow.deviceId)", method: .get, headers: admin))
            XCTAssertEqual(one.entries.map(\.device), ["cam-2"])
        }
    }

    func testPlanAndDeploymentErrorsLeaveNothingBehind() async throws {
        try await withRegistry { client, registry in
            let admin = API.bearer(registry.adminToken)
            let (_, device) = try await API.setUpFleet(client, registry)
            let cases: [(String, String, HTTPResponse.Status, String)] = [
                ("/v1/plans", #"{"fleet": "ghost"}"#, .notFound, "ghost"),
                ("/v1/plans", #"{"fleet": "demo", "percentile": "p42"}"#, .badRequest, "percentile"),
                ("/v1/plans", #"{"fleet": "demo", "headroom": -1}"#, .badRequest, "headroom"),
                ("/v1/plans", #"{"fleet": "demo", "allow_synthetic": "yes"}"#, .badRequest, "allow_synthetic"),
                ("/v1/plans", #"{}"#, .badRequest, "fleet"),
                ("/v1/deployments", #"{"plan_id": "nope"}"#, .notFound, "nope"),
                ("/v1/deployments", #"{"plan": 1}"#, .badRequest, "plan_id"),
            ]
            for (uri, body, status, fragment) in cases {
                API.assertError(try await client.execute(uri: uri, method: .post, headers: admin, body: ByteBuffer(string: body)), status, fragment)
            }
            API.assertError(try await client.execute(uri: "/v1/plans", method: .post, headers: API.bearer(device.deviceToken), body: ByteBuffer(string: #"{"fleet": "demo"}"#)), .forbidden, "operators")
            API.assertError(try await client.execute(uri: "/v1/plans", method: .post, headers: admin, body: ByteBuffer(repeating: UInt8(ascii: " "), count: 100_000)), .contentTooLarge, "bytes")
            API.assertError(try await client.execute(uri: "/v1/plans/nope", method: .get, headers: admin), .notFound, "nope")
            API.assertError(try await client.execute(uri: "/v1/deployments/nope", method: .get, headers: admin), .notFound, "nope")
            API.assertError(try await client.execute(uri: "/v1/assignment", method: .get, headers: admin), .forbidden, "devices")
            API.assertError(try await client.execute(uri: "/v1/assignments/nope/state", method: .post, headers: API.bearer(device.deviceToken), body: try API.json(AssignmentStateReport(state: .active))), .notFound, "nope")
            API.assertError(try await client.execute(uri: "/v1/devices/\(device.deviceId)", method: .patch, headers: admin, body: ByteBuffer(string: #"{"latency_budget_ms": 0}"#)), .badRequest, "latency_budget_ms")
            API.assertError(try await client.execute(uri: "/v1/devices/\(device.deviceId)", method: .patch, headers: API.bearer(device.deviceToken), body: ByteBuffer(string: #"{"latency_budget_ms": 1}"#)), .forbidden, "operators")
            API.assertError(try await client.execute(uri: "/v1/devices/ghost", method: .patch, headers: admin, body: ByteBuffer(string: #"{"latency_budget_ms": 1}"#)), .notFound, "ghost")
            let plans = try await registry.store.plans()
            XCTAssertEqual(plans.count, 0)
            let stored = try await registry.store.device(id: device.deviceId)
            XCTAssertEqual(stored.latencyBudgetMs, 10)
        }
    }
}
