import EffCore
import EffFleetTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiteArtifact
import Logging
import RegistryAPI
import RegistryService
import RegistryStore
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
        try await API.withRegistry(in: directory, catalog: true, body)
    }

    private static func upload(
        _ client: any TestClientProtocol, _ registry: Registry, _ variant: Variant, seed: UInt64
    ) async throws -> ArtifactView {
        let bytes = try SyntheticWeights.builder(variant: variant, seed: seed).encoded()
        let response = try await client.execute(
            uri: "/v1/artifacts", method: .post, headers: API.bearer(registry.adminToken), body: ByteBuffer(bytes: bytes))
        XCTAssertEqual(response.status, .created)
        return try API.decode(ArtifactView.self, response)
    }

    private static func result(_ id: String, artifact: String, p90: Double) -> BenchmarkReport {
        BenchmarkReport(
            id: id, artifactId: artifact,
            figures: BenchmarkFigures(
                threads: 1, runs: 20, meanMs: p90 * 0.9, stdMs: 0.2, minMs: p90 * 0.8, p50Ms: p90 * 0.9,
                p90Ms: p90, p99Ms: p90 * 1.1, maxMs: p90 * 1.2, initMs: 20, firstMs: 12, peakRssMb: 60, engineVersion: "0.1.0"))
    }

    func testSyntheticArtifactsAreBenchmarkedOnlyWhereTheFleetOrAPlanAllowsThem() async throws {
        try await withRegistry { client, registry in
            let admin = API.bearer(registry.adminToken)
            let created = try await client.execute(
                uri: "/v1/fleets", method: .post, headers: admin, body: try API.json(CreateFleetRequest(name: "real", latencyBudgetMs: 20)))
            XCTAssertEqual(try API.decode(FleetView.self, created).allowSynthetic, false)
            let token = try XCTUnwrap(try API.decode(FleetView.self, created).enrollmentToken)
            let synthetic = try await Self.upload(client, registry, .lite0, seed: 1)
            let enrolled = try API.decode(
                EnrollResponse.self,
                try await client.execute(
                    uri: "/v1/enroll", method: .post, headers: API.bearer(token),
                    body: try API.json(EnrollRequest(name: "cam", fleet: "real", hardware: API.hardware, engineVersion: "0.1.0"))))
            _ = try await Self.upload(client, registry, .lite1, seed: 2)
            let jobs = try API.decode(
                [BenchmarkJobView].self, try await client.execute(uri: "/v1/jobs", method: .get, headers: API.bearer(enrolled.deviceToken)))
            XCTAssertEqual(jobs, [], "neither enrollment nor upload asks for synthetic benchmarks on this fleet")
            let plan = try await client.execute(
                uri: "/v1/plans", method: .post, headers: admin, body: try API.json(CreatePlanRequest(fleet: "real", allowSynthetic: true)))
            XCTAssertEqual(try API.decode(PlanView.self, plan).pendingJobs, 2)
            let asked = try API.decode(
                [BenchmarkJobView].self, try await client.execute(uri: "/v1/jobs", method: .get, headers: API.bearer(enrolled.deviceToken)))
            XCTAssertTrue(asked.contains { $0.artifactId == synthetic.id }, "a plan that allows them asks for them")
        }
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

            _ = try await client.execute(
                uri: "/v1/results", method: .post, headers: token, body: try API.json(Self.result("r1", artifact: lite0.id, p90: 5)))
            let failed = try await client.execute(
                uri: "/v1/jobs/\(try XCTUnwrap(jobs.first { $0.artifactId == lite1.id }).id)/failure", method: .post, headers: token,
                body: try API.json(JobFailureReport(error: "out of memory")))
            let failedJob = try API.decode(BenchmarkJobView.self, failed)
            XCTAssertEqual(failedJob.state, "pending", "a failed job is retried")
            XCTAssertEqual(failedJob.attempts, 1)
            XCTAssertNotNil(failedJob.retryAfter)
            let pending = try API.decode([BenchmarkJobView].self, try await client.execute(uri: "/v1/jobs", method: .get, headers: token))
            XCTAssertEqual(pending, [], "the result completed one job, the failure put the other in back-off")
            let done = try API.decode(
                [BenchmarkJobView].self, try await client.execute(uri: "/v1/jobs?fleet=demo&state=done", method: .get, headers: admin))
            XCTAssertEqual(done.map(\.artifactId), [lite0.id])
            API.assertError(try await client.execute(uri: "/v1/jobs?state=sleeping", method: .get, headers: admin), .badRequest, "state")
            API.assertError(
                try await client.execute(
                    uri: "/v1/jobs/\(jobs[0].id)/failure", method: .post, headers: admin, body: try API.json(JobFailureReport(error: "x"))),
                .forbidden, "devices")
            API.assertError(
                try await client.execute(
                    uri: "/v1/jobs/nope/failure", method: .post, headers: token, body: try API.json(JobFailureReport(error: "x"))),
                .notFound, "nope")
            API.assertError(
                try await client.execute(
                    uri: "/v1/jobs/\(jobs[0].id)/failure", method: .post, headers: token,
                    body: try API.json(JobFailureReport(error: String(repeating: "e", count: 5000)))), .badRequest, "error")
        }
    }

    func testPlanDeployAndAssignmentLifecycle() async throws {
        try await withRegistry { client, registry in
            let admin = API.bearer(registry.adminToken)
            let (fleetToken, fast) = try await API.setUpFleet(client, registry)  // cam-1, budget 10 ms
            let slow = try API.decode(
                EnrollResponse.self,
                try await client.execute(
                    uri: "/v1/enroll", method: .post, headers: API.bearer(fleetToken),
                    body: try API.json(
                        EnrollRequest(name: "cam-2", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0", latencyBudgetMs: 3))))
            let lite0 = try await Self.upload(client, registry, .lite0, seed: 1)
            let lite1 = try await Self.upload(client, registry, .lite1, seed: 2)
            for (device, p90s) in [(fast, [5.0, 8.0]), (slow, [4.0, 7.0])] {
                for (artifact, p90) in zip([lite0, lite1], p90s) {
                    let posted = try await client.execute(
                        uri: "/v1/results", method: .post, headers: API.bearer(device.deviceToken),
                        body: try API.json(Self.result("\(device.deviceId)-\(artifact.id)", artifact: artifact.id, p90: p90)))
                    XCTAssertEqual(posted.status, .created)
                }
            }
            let synthetic = try await client.execute(
                uri: "/v1/plans", method: .post, headers: admin, body: try API.json(CreatePlanRequest(fleet: "demo", allowSynthetic: false))
            )
            XCTAssertEqual(
                try API.decode(PlanView.self, synthetic).entries.map(\.decision), [.noFeasibleVariant, .noFeasibleVariant],
                "a plan that does not allow synthetic artifacts leaves them out (this fleet allows them by default)")

            let created = try await client.execute(
                uri: "/v1/plans", method: .post, headers: admin, body: try API.json(CreatePlanRequest(fleet: "demo", allowSynthetic: true)))
            XCTAssertEqual(created.status, .created)
            let plan = try API.decode(PlanView.self, created)
            XCTAssertEqual(plan.percentile, .p90)
            XCTAssertEqual(plan.entries.map(\.device), ["cam-1", "cam-2"])
            XCTAssertEqual(plan.entries[0].artifactId, lite1.id, "8 ms × 1.1 fits 10 ms and lite1 is more accurate")
            XCTAssertEqual(plan.entries[0].latencyMs, 8)
            XCTAssertEqual(plan.entries[1].decision, .noFeasibleVariant)
            XCTAssertTrue(plan.entries[1].reason.contains("4.00 ms"), plan.entries[1].reason)

            let deployed = try await client.execute(
                uri: "/v1/deployments", method: .post, headers: admin, body: try API.json(CreateDeploymentRequest(planId: plan.id)))
            XCTAssertEqual(deployed.status, .created)
            let deployment = try API.decode(DeploymentView.self, deployed)
            XCTAssertEqual(deployment.assignments.map(\.device), ["cam-1"])
            let none = try await client.execute(uri: "/v1/assignment", method: .get, headers: API.bearer(slow.deviceToken))
            XCTAssertEqual(none.status, .noContent)
            let fastToken = API.bearer(fast.deviceToken)
            let assignment = try API.decode(
                AssignmentView.self, try await client.execute(uri: "/v1/assignment", method: .get, headers: fastToken))
            XCTAssertEqual(assignment.state, .pending)
            XCTAssertEqual(assignment.artifactId, lite1.id)

            let stateURI = "/v1/assignments/\(assignment.id)/state"
            API.assertError(
                try await client.execute(
                    uri: stateURI, method: .post, headers: API.bearer(slow.deviceToken),
                    body: try API.json(AssignmentStateReport(state: .active))), .notFound, assignment.id)
            API.assertError(
                try await client.execute(
                    uri: stateURI, method: .post, headers: fastToken, body: ByteBuffer(string: #"{"state": "sleeping"}"#)), .badRequest,
                "state")
            for state in [AssignmentState.downloading, .active, .active] {
                let reported = try await client.execute(
                    uri: stateURI, method: .post, headers: fastToken,
                    body: try API.json(AssignmentStateReport(state: state, detail: "top-1 class 285")))
                XCTAssertEqual(reported.status, .ok)
            }
            let health = try await client.execute(
                uri: "/v1/assignments/\(assignment.id)/health", method: .post, headers: fastToken,
                body: try API.json(HealthReport(p50Ms: 7, p90Ms: 8.5, p99Ms: 9, runs: 20)))
            XCTAssertEqual(try API.decode(AssignmentView.self, health).state, .healthy, "8.5 ms in service is within the 10 ms budget")
            API.assertError(
                try await client.execute(
                    uri: stateURI, method: .post, headers: fastToken, body: try API.json(AssignmentStateReport(state: .failed))), .conflict,
                "healthy")
            let shown = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(deployment.id)", method: .get, headers: admin))
            XCTAssertEqual(
                shown.assignments[0].history.map(\.state), [.pending, .downloading, .active, .healthy],
                "a repeated state is not a new event")
            XCTAssertEqual(shown.assignments[0].history.map(\.actor), ["operator", "device:cam-1", "device:cam-1", "device:cam-1"])
            XCTAssertEqual(shown.state, .completed)
            XCTAssertEqual(shown.events.map(\.kind), ["deployment-created", "stage-passed", "deployment-completed"])
            let device = try API.decode(
                DeviceView.self, try await client.execute(uri: "/v1/devices/\(fast.deviceId)", method: .get, headers: admin))
            XCTAssertEqual(device.currentArtifactId, lite1.id)

            // A tighter budget and a new plan: lite0 now, marked as a change from the current lite1.
            let patched = try await client.execute(
                uri: "/v1/devices/\(fast.deviceId)", method: .patch, headers: admin,
                body: try API.json(UpdateDeviceRequest(latencyBudgetMs: 6)))
            XCTAssertEqual(try API.decode(DeviceView.self, patched).latencyBudgetMs, 6)
            let replanned = try API.decode(
                PlanView.self,
                try await client.execute(
                    uri: "/v1/plans", method: .post, headers: admin,
                    body: try API.json(CreatePlanRequest(fleet: "demo", allowSynthetic: true))))
            XCTAssertEqual(replanned.entries[0].artifactId, lite0.id)
            XCTAssertEqual(replanned.entries[0].currentArtifactId, lite1.id)
            XCTAssertTrue(replanned.entries[0].changesCurrent)
            let second = try API.decode(
                DeploymentView.self,
                try await client.execute(
                    uri: "/v1/deployments", method: .post, headers: admin, body: try API.json(CreateDeploymentRequest(planId: replanned.id))
                ))
            let third = try API.decode(
                DeploymentView.self,
                try await client.execute(
                    uri: "/v1/deployments", method: .post, headers: admin, body: try API.json(CreateDeploymentRequest(planId: replanned.id))
                ))
            let superseded = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(second.id)", method: .get, headers: admin))
            XCTAssertEqual(superseded.assignments[0].state, .superseded, "an unfinished assignment is superseded by a newer deployment")
            let current = try API.decode(
                AssignmentView.self, try await client.execute(uri: "/v1/assignment", method: .get, headers: fastToken))
            XCTAssertEqual(current.deploymentId, third.id)
            let listed = try API.decode(
                [DeploymentView].self, try await client.execute(uri: "/v1/deployments?fleet=demo", method: .get, headers: admin))
            XCTAssertEqual(listed.map(\.id), [third.id, second.id, deployment.id])
            let plans = try API.decode([PlanView].self, try await client.execute(uri: "/v1/plans?fleet=demo", method: .get, headers: admin))
            XCTAssertEqual(plans.count, 3)
            let one = try API.decode(
                PlanView.self, try await client.execute(uri: "/v1/plans/\(plan.id)?device=\(slow.deviceId)", method: .get, headers: admin))
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
                API.assertError(
                    try await client.execute(uri: uri, method: .post, headers: admin, body: ByteBuffer(string: body)), status, fragment)
            }
            API.assertError(
                try await client.execute(
                    uri: "/v1/plans", method: .post, headers: API.bearer(device.deviceToken),
                    body: ByteBuffer(string: #"{"fleet": "demo"}"#)), .forbidden, "operators")
            API.assertError(
                try await client.execute(
                    uri: "/v1/plans", method: .post, headers: admin, body: ByteBuffer(repeating: UInt8(ascii: " "), count: 100_000)),
                .contentTooLarge, "bytes")
            API.assertError(try await client.execute(uri: "/v1/plans/nope", method: .get, headers: admin), .notFound, "nope")
            API.assertError(try await client.execute(uri: "/v1/deployments/nope", method: .get, headers: admin), .notFound, "nope")
            API.assertError(try await client.execute(uri: "/v1/assignment", method: .get, headers: admin), .forbidden, "devices")
            API.assertError(
                try await client.execute(
                    uri: "/v1/assignments/nope/state", method: .post, headers: API.bearer(device.deviceToken),
                    body: try API.json(AssignmentStateReport(state: .active))), .notFound, "nope")
            API.assertError(
                try await client.execute(
                    uri: "/v1/devices/\(device.deviceId)", method: .patch, headers: admin,
                    body: ByteBuffer(string: #"{"latency_budget_ms": 0}"#)), .badRequest, "latency_budget_ms")
            API.assertError(
                try await client.execute(
                    uri: "/v1/devices/\(device.deviceId)", method: .patch, headers: API.bearer(device.deviceToken),
                    body: ByteBuffer(string: #"{"latency_budget_ms": 1}"#)), .forbidden, "operators")
            API.assertError(
                try await client.execute(
                    uri: "/v1/devices/ghost", method: .patch, headers: admin, body: ByteBuffer(string: #"{"latency_budget_ms": 1}"#)),
                .notFound, "ghost")
            let plans = try await registry.store.plans()
            XCTAssertEqual(plans.count, 0)
            let stored = try await registry.store.device(id: device.deviceId)
            XCTAssertEqual(stored.latencyBudgetMs, 10)
        }
    }
}

/// Staged rollouts: canary, waves, health gates, automatic and operator rollbacks.
final class RolloutAPITests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("registry-rollout")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A fleet of `count` devices with measured lite0 (5 ms) and lite1 (8 ms) artifacts.
    private struct Fleet {
        var admin: HTTPFields
        var devices: [EnrollResponse]
        var lite0: ArtifactView
        var lite1: ArtifactView
    }

    private func withFleet(
        count: Int, _ body: @escaping @Sendable (any TestClientProtocol, Registry, Fleet) async throws -> Void
    ) async throws {
        try await API.withRegistry(in: directory) { client, registry in
            let admin = API.bearer(registry.adminToken)
            let created = try await client.execute(
                uri: "/v1/fleets", method: .post, headers: admin,
                body: try API.json(CreateFleetRequest(name: "demo", latencyBudgetMs: 6, allowSynthetic: true)))
            let token = try XCTUnwrap(try API.decode(FleetView.self, created).enrollmentToken)
            var devices: [EnrollResponse] = []
            for index in 0..<count {
                let enrolled = try await client.execute(
                    uri: "/v1/enroll", method: .post, headers: API.bearer(token),
                    body: try API.json(EnrollRequest(name: "cam-\(index)", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0")))
                devices.append(try API.decode(EnrollResponse.self, enrolled))
            }
            var artifacts: [ArtifactView] = []
            for (variant, seed) in [(Variant.lite0, UInt64(1)), (.lite1, 2)] {
                let bytes = try SyntheticWeights.builder(variant: variant, seed: seed).encoded()
                artifacts.append(
                    try API.decode(
                        ArtifactView.self,
                        try await client.execute(uri: "/v1/artifacts", method: .post, headers: admin, body: ByteBuffer(bytes: bytes))))
            }
            for device in devices {
                for (artifact, p90) in zip(artifacts, [5.0, 8.0]) {
                    let report = BenchmarkReport(
                        id: "\(device.deviceId)-\(artifact.id)", artifactId: artifact.id,
                        figures: BenchmarkFigures(
                            threads: 1, runs: 20, meanMs: p90, stdMs: 0.1,
                            minMs: p90, p50Ms: p90, p90Ms: p90, p99Ms: p90, maxMs: p90, initMs: 20, firstMs: 12, peakRssMb: 60,
                            engineVersion: "0.1.0"))
                    _ = try await client.execute(
                        uri: "/v1/results", method: .post, headers: API.bearer(device.deviceToken), body: try API.json(report))
                }
            }
            try await body(client, registry, Fleet(admin: admin, devices: devices, lite0: artifacts[0], lite1: artifacts[1]))
        }
    }

    private static func plan(_ client: any TestClientProtocol, _ fleet: Fleet) async throws -> PlanView {
        try API.decode(
            PlanView.self,
            try await client.execute(
                uri: "/v1/plans", method: .post, headers: fleet.admin,
                body: try API.json(CreatePlanRequest(fleet: "demo", allowSynthetic: true))))
    }

    private static func deploy(
        _ client: any TestClientProtocol, _ fleet: Fleet, plan: String, canary: Double? = nil, waves: Int? = nil, maxFailures: Int? = nil,
        stageTimeout: Double? = nil
    ) async throws -> DeploymentView {
        let response = try await client.execute(
            uri: "/v1/deployments", method: .post, headers: fleet.admin,
            body: try API.json(
                CreateDeploymentRequest(
                    planId: plan, canaryPercent: canary, waves: waves, maxFailures: maxFailures, stageTimeoutSeconds: stageTimeout)))
        XCTAssertEqual(response.status, .created)
        return try API.decode(DeploymentView.self, response)
    }

    /// Plays the device: takes its current assignment to active and reports `p90` in service.
    private static func serve(_ client: any TestClientProtocol, _ device: EnrollResponse, p90: Double) async throws -> AssignmentView? {
        let token = API.bearer(device.deviceToken)
        let current = try await client.execute(uri: "/v1/assignment", method: .get, headers: token)
        guard current.status == .ok else { return nil }
        let assignment = try API.decode(AssignmentView.self, current)
        _ = try await client.execute(
            uri: "/v1/assignments/\(assignment.id)/state", method: .post, headers: token,
            body: try API.json(AssignmentStateReport(state: .active)))
        let health = try await client.execute(
            uri: "/v1/assignments/\(assignment.id)/health", method: .post, headers: token,
            body: try API.json(HealthReport(p50Ms: p90, p90Ms: p90, p99Ms: p90, runs: 20)))
        return try API.decode(AssignmentView.self, health)
    }

    func testWavesStartOnlyAfterTheStageBeforeIsHealthy() async throws {
        try await withFleet(count: 5) { client, registry, fleet in
            let plan = try await Self.plan(client, fleet)
            let deployment = try await Self.deploy(client, fleet, plan: plan.id, canary: 20, waves: 2)
            XCTAssertEqual(deployment.stageCount, 3)
            XCTAssertEqual(deployment.assignments.map(\.stage), [0, 1, 1, 2, 2], "1 canary, then 4 devices in 2 waves")
            XCTAssertEqual(deployment.assignments.map(\.state), [.pending, .waiting, .waiting, .waiting, .waiting])
            let byDevice = Dictionary(uniqueKeysWithValues: fleet.devices.map { ($0.deviceId, $0) })
            for stage in 0..<3 {
                let current = try API.decode(
                    DeploymentView.self,
                    try await client.execute(uri: "/v1/deployments/\(deployment.id)", method: .get, headers: fleet.admin))
                XCTAssertEqual(current.currentStage, stage)
                for later in current.assignments where later.stage > stage {
                    let seen = try await client.execute(
                        uri: "/v1/assignment", method: .get, headers: API.bearer(try XCTUnwrap(byDevice[later.deviceId]).deviceToken))
                    XCTAssertEqual(seen.status, .noContent, "a device in a later stage sees nothing of it yet")
                }
                for assignment in current.assignments where assignment.stage == stage {
                    let served = try await Self.serve(client, try XCTUnwrap(byDevice[assignment.deviceId]), p90: 5)
                    XCTAssertEqual(served?.state, .healthy)
                }
            }
            let done = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(deployment.id)", method: .get, headers: fleet.admin))
            XCTAssertEqual(done.state, .completed)
            XCTAssertEqual(
                done.events.map(\.kind),
                [
                    "deployment-created", "stage-passed", "stage-started", "stage-passed", "stage-started", "stage-passed",
                    "deployment-completed",
                ])
        }
    }

    func testADeploymentWhoseDevicesANewerOneTookOverEndsSuperseded() async throws {
        try await withFleet(count: 3) { client, registry, fleet in
            let plan = try await Self.plan(client, fleet)
            let first = try await Self.deploy(client, fleet, plan: plan.id, waves: 3)
            XCTAssertEqual(first.assignments.map(\.state), [.pending, .waiting, .waiting])
            // Before its first stage settles, the operator deploys again: every device moves to the newer one.
            let second = try await Self.deploy(client, fleet, plan: plan.id)
            let overtaken = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(first.id)", method: .get, headers: fleet.admin))
            XCTAssertEqual(overtaken.state, .superseded, "a rollout with nothing left to move ends")
            XCTAssertEqual(Set(overtaken.assignments.map(\.state)), [.superseded])
            XCTAssertEqual(overtaken.events.last?.kind, "deployment-superseded")
            XCTAssertTrue(overtaken.events.last?.detail?.contains(second.id) ?? false)
            XCTAssertEqual(second.state, .running)
        }
    }

    func testAStageDeadlineCountsDevicesThatNeverReportAsFailed() async throws {
        try await withFleet(count: 3) { client, registry, fleet in
            let byDevice = Dictionary(uniqueKeysWithValues: fleet.devices.map { ($0.deviceId, $0) })
            let plan = try await Self.plan(client, fleet)
            let tolerant = try await Self.deploy(client, fleet, plan: plan.id, waves: 3, maxFailures: 1, stageTimeout: 60)
            XCTAssertEqual(tolerant.stageTimeoutSeconds, 60)
            // The clock is injected: nothing happens before the deadline, the silent device fails at it.
            let answer448 = try await registry.store.expireStages(now: Date().addingTimeInterval(30))
            XCTAssertEqual(answer448, 0)
            let answer449 = try await registry.store.expireStages(now: Date().addingTimeInterval(61))
            XCTAssertEqual(answer449, 1)
            var current = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(tolerant.id)", method: .get, headers: fleet.admin))
            let missed = try XCTUnwrap(current.assignments.first { $0.stage == 0 })
            XCTAssertEqual(missed.state, .failed)
            XCTAssertTrue(missed.detail?.contains("stage deadline of 60 s") ?? false, missed.detail ?? "")
            XCTAssertEqual(current.currentStage, 1, "one failure is within max_failures 1: the next stage starts")
            for assignment in current.assignments where assignment.stage == 1 {
                _ = try await Self.serve(client, try XCTUnwrap(byDevice[assignment.deviceId]), p90: 5)
            }
            current = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(tolerant.id)", method: .get, headers: fleet.admin))
            XCTAssertEqual(current.currentStage, 2)

            let strict = try await Self.deploy(client, fleet, plan: plan.id, waves: 3, maxFailures: 0, stageTimeout: 60)
            let answer464 = try await registry.store.expireStages(now: Date().addingTimeInterval(61))
            XCTAssertEqual(answer464, 1)
            let halted = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(strict.id)", method: .get, headers: fleet.admin))
            XCTAssertEqual(halted.state, .halted, "a silent device is a failure like any other")
            XCTAssertTrue(halted.events.contains { $0.kind == "deployment-halted" })
            let superseded = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(tolerant.id)", method: .get, headers: fleet.admin))
            XCTAssertEqual(superseded.state, .superseded, "the newer deployment took over every device the first still had")
        }
    }

    func testOperatorsCancelRolloutsAndDeleteDevicesArtifactsAndFleets() async throws {
        try await withFleet(count: 3) { client, registry, fleet in
            let admin = fleet.admin
            let plan = try await Self.plan(client, fleet)
            let deployment = try await Self.deploy(client, fleet, plan: plan.id, waves: 3)

            // A running rollout is cancelled: what had not started is cancelled, and it ends.
            let cancelled = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(deployment.id)/cancel", method: .post, headers: admin)
            )
            XCTAssertEqual(cancelled.state, .cancelled)
            XCTAssertEqual(Set(cancelled.assignments.map(\.state)), [.cancelled])
            XCTAssertEqual(cancelled.events.last?.kind, "deployment-cancelled")
            API.assertError(
                try await client.execute(uri: "/v1/deployments/\(deployment.id)/cancel", method: .post, headers: admin), .conflict,
                "not running")

            // An artifact a device runs cannot be deleted; once nothing uses it, it can, and a push brings it back.
            let second = try await Self.deploy(client, fleet, plan: plan.id)
            let chosen = try XCTUnwrap(second.assignments.first).artifactId
            let served = try await Self.serve(client, fleet.devices[0], p90: 5)
            XCTAssertNotNil(served)
            API.assertError(
                try await client.execute(uri: "/v1/artifacts/\(chosen)", method: .delete, headers: admin), .conflict, "is assigned")
            let unused = [fleet.lite0.id, fleet.lite1.id].first { $0 != chosen }!
            let deleted = try await client.execute(uri: "/v1/artifacts/\(unused)", method: .delete, headers: admin)
            XCTAssertEqual(deleted.status, .noContent)
            API.assertError(try await client.execute(uri: "/v1/artifacts/\(unused)", method: .get, headers: admin), .notFound, "deleted")
            let listed = try API.decode([ArtifactView].self, try await client.execute(uri: "/v1/artifacts", method: .get, headers: admin))
            XCTAssertFalse(listed.map(\.id).contains(unused))
            XCTAssertFalse(registry.blobs.contains(unused), "its blob is gone")

            // A deleted device's token stops at once.
            let victim = fleet.devices[2]
            let gone = try await client.execute(uri: "/v1/devices/\(victim.deviceId)", method: .delete, headers: admin)
            XCTAssertEqual(gone.status, .noContent)
            let refused = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(victim.deviceToken))
            XCTAssertEqual(refused.status, .unauthorized)
            let remaining = try API.decode([DeviceView].self, try await client.execute(uri: "/v1/devices", method: .get, headers: admin))
            XCTAssertEqual(remaining.count, 2)

            // A fleet with devices is deleted only with force; its devices' tokens stop too.
            API.assertError(
                try await client.execute(uri: "/v1/fleets/demo", method: .delete, headers: admin), .conflict, "has 2 devices")
            API.assertError(
                try await client.execute(uri: "/v1/fleets/demo?force=maybe", method: .delete, headers: admin), .badRequest, "force")
            let forced = try await client.execute(uri: "/v1/fleets/demo?force=true", method: .delete, headers: admin)
            XCTAssertEqual(forced.status, .noContent)
            let after = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(fleet.devices[0].deviceToken))
            XCTAssertEqual(after.status, .unauthorized)
            let fleets = try API.decode([FleetView].self, try await client.execute(uri: "/v1/fleets", method: .get, headers: admin))
            XCTAssertTrue(fleets.isEmpty)
            let history = try API.decode(
                [FleetEventView].self, try await client.execute(uri: "/v1/events?fleet=demo", method: .get, headers: admin))
            XCTAssertEqual(history.last?.kind, "fleet-deleted", "the history outlives the fleet")
        }
    }

    func testAStageLayoutThatCannotBeHonouredIsRefused() async throws {
        try await withFleet(count: 3) { client, registry, fleet in
            let plan = try await Self.plan(client, fleet)
            let refused = try await client.execute(
                uri: "/v1/deployments", method: .post, headers: fleet.admin,
                body: try API.json(CreateDeploymentRequest(planId: plan.id, canaryPercent: 34, waves: 2)))
            API.assertError(refused, .badRequest, "a canary of 2 then 2 waves: 1 device remains after the canary")
            let deployments = try API.decode(
                [DeploymentView].self, try await client.execute(uri: "/v1/deployments", method: .get, headers: fleet.admin))
            XCTAssertTrue(deployments.isEmpty, "nothing was started")
            let honoured = try await Self.deploy(client, fleet, plan: plan.id, canary: 34, waves: 1)
            XCTAssertEqual(honoured.assignments.map(\.stage), [0, 0, 1])
        }
    }

    func testABreachingCanaryHaltsTheRolloutAndRollsItselfBack() async throws {
        try await withFleet(count: 4) { client, registry, fleet in
            // Everyone on lite0 first (6 ms budget): the last-known-good.
            let first = try await Self.deploy(client, fleet, plan: try await Self.plan(client, fleet).id)
            for device in fleet.devices { _ = try await Self.serve(client, device, p90: 5) }
            // Budgets raised: the plan moves everyone to lite1 (8 ms × 1.1 ≤ 10)...
            for device in fleet.devices {
                _ = try await client.execute(
                    uri: "/v1/devices/\(device.deviceId)", method: .patch, headers: fleet.admin,
                    body: try API.json(UpdateDeviceRequest(latencyBudgetMs: 10)))
            }
            let plan = try await Self.plan(client, fleet)
            XCTAssertEqual(Set(plan.entries.compactMap(\.artifactId)), [fleet.lite1.id])
            // ...then lowered again before it rolls out: the canary's in-service latency breaches.
            for device in fleet.devices {
                _ = try await client.execute(
                    uri: "/v1/devices/\(device.deviceId)", method: .patch, headers: fleet.admin,
                    body: try API.json(UpdateDeviceRequest(latencyBudgetMs: 6)))
            }
            let deployment = try await Self.deploy(client, fleet, plan: plan.id, canary: 25, waves: 3, maxFailures: 0)
            let canary = try XCTUnwrap(deployment.assignments.first { $0.stage == 0 })
            XCTAssertEqual(canary.previousArtifactId, fleet.lite0.id)
            let device = try XCTUnwrap(fleet.devices.first { $0.deviceId == canary.deviceId })
            // One over-budget reading is noise to the health gate: it asks for another measurement.
            let firstReading = try await Self.serve(client, device, p90: 8)
            XCTAssertEqual(firstReading?.state, .active)
            let breached = try await Self.serve(client, device, p90: 8)
            XCTAssertEqual(breached?.state, .breached)

            let halted = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(deployment.id)", method: .get, headers: fleet.admin))
            XCTAssertEqual(halted.state, .halted)
            XCTAssertTrue(try XCTUnwrap(halted.events.first { $0.kind == "deployment-halted" }?.detail).contains("1 of 1 devices"))
            XCTAssertEqual(
                halted.assignments.filter { $0.stage > 0 }.map(\.state), [.cancelled, .cancelled, .cancelled],
                "the other devices never change")
            let rollback = try XCTUnwrap(halted.assignments.first { $0.purpose == "rollback" })
            XCTAssertEqual(rollback.deviceId, canary.deviceId)
            XCTAssertEqual(rollback.artifactId, fleet.lite0.id, "back to the last-known-good")
            let next = try await client.execute(uri: "/v1/assignment", method: .get, headers: API.bearer(device.deviceToken))
            XCTAssertEqual(try API.decode(AssignmentView.self, next).id, rollback.id)
            for other in fleet.devices where other.deviceId != device.deviceId {
                let current = try API.decode(
                    AssignmentView.self,
                    try await client.execute(uri: "/v1/assignment", method: .get, headers: API.bearer(other.deviceToken)))
                XCTAssertEqual(current.deploymentId, first.id, "devices outside the canary keep their first deployment's assignment")
            }

            // The operator returns the whole fleet to the previous assignment.
            let back = try await client.execute(uri: "/v1/deployments/\(deployment.id)/rollback", method: .post, headers: fleet.admin)
            XCTAssertEqual(back.status, .created)
            let operatorRollback = try API.decode(DeploymentView.self, back)
            XCTAssertEqual(operatorRollback.kind, "rollback")
            XCTAssertEqual(operatorRollback.rollbackOf, deployment.id)
            XCTAssertEqual(Set(operatorRollback.assignments.map(\.artifactId)), [fleet.lite0.id])
            API.assertError(
                try await client.execute(uri: "/v1/deployments/\(first.id)/rollback", method: .post, headers: fleet.admin), .conflict,
                "nothing to roll back")
            API.assertError(
                try await client.execute(uri: "/v1/deployments/ghost/rollback", method: .post, headers: fleet.admin), .notFound, "ghost")
        }
    }

    func testADeviceWhoseFirstDeploymentBreachesGoesBackToRunningNothing() async throws {
        try await withFleet(count: 1) { client, registry, fleet in
            let plan = try await Self.plan(client, fleet)
            let deployment = try await Self.deploy(client, fleet, plan: plan.id)
            let device = try XCTUnwrap(fleet.devices.first)
            XCTAssertNil(deployment.assignments.first?.previousArtifactId, "the device ran nothing before")
            _ = try await Self.serve(client, device, p90: 50)
            let breached = try await Self.serve(client, device, p90: 50)
            XCTAssertEqual(breached?.state, .breached)

            let token = API.bearer(device.deviceToken)
            let withdrawal = try API.decode(
                AssignmentView.self, try await client.execute(uri: "/v1/assignment", method: .get, headers: token))
            XCTAssertEqual(withdrawal.purpose, "withdraw")
            XCTAssertEqual(withdrawal.state, .pending)
            XCTAssertEqual(withdrawal.artifactId, breached?.artifactId)
            let refused = try await client.execute(
                uri: "/v1/assignments/\(withdrawal.id)/state", method: .post, headers: token,
                body: try API.json(AssignmentStateReport(state: .active)))
            API.assertError(refused, .conflict, "cannot become active")
            let done = try await client.execute(
                uri: "/v1/assignments/\(withdrawal.id)/state", method: .post, headers: token,
                body: try API.json(AssignmentStateReport(state: .withdrawn)))
            XCTAssertEqual(try API.decode(AssignmentView.self, done).state, .withdrawn)
            let view = try API.decode(
                DeviceView.self, try await client.execute(uri: "/v1/devices/\(device.deviceId)", method: .get, headers: fleet.admin))
            XCTAssertNil(view.currentArtifactId, "back to running nothing")
            let events = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(deployment.id)", method: .get, headers: fleet.admin)
            ).events
            XCTAssertTrue(try XCTUnwrap(events.first { $0.kind == "withdrawal" }?.detail).contains("ran nothing before"))
        }
    }

    func testRolloutAndHealthInputIsValidated() async throws {
        try await withFleet(count: 1) { client, registry, fleet in
            let plan = try await Self.plan(client, fleet)
            for (body, field) in [
                (#"{"plan_id": "\#(plan.id)", "canary_percent": 120}"#, "canary_percent"),
                (#"{"plan_id": "\#(plan.id)", "waves": 0}"#, "waves"),
                (#"{"plan_id": "\#(plan.id)", "max_failures": -1}"#, "max_failures"),
            ] {
                API.assertError(
                    try await client.execute(uri: "/v1/deployments", method: .post, headers: fleet.admin, body: ByteBuffer(string: body)),
                    .badRequest, field)
            }
            let deployment = try await Self.deploy(client, fleet, plan: plan.id)
            let id = try XCTUnwrap(deployment.assignments.first).id
            let token = API.bearer(fleet.devices[0].deviceToken)
            API.assertError(
                try await client.execute(
                    uri: "/v1/assignments/\(id)/health", method: .post, headers: token,
                    body: try API.json(HealthReport(p50Ms: 1, p90Ms: 2, p99Ms: 3, runs: 20))), .conflict, "once it is active")
            _ = try await client.execute(
                uri: "/v1/assignments/\(id)/state", method: .post, headers: token, body: try API.json(AssignmentStateReport(state: .active))
            )
            API.assertError(
                try await client.execute(
                    uri: "/v1/assignments/\(id)/health", method: .post, headers: token,
                    body: try API.json(HealthReport(p50Ms: 3, p90Ms: 2, p99Ms: 1, runs: 20))), .badRequest, "p50_ms")
            API.assertError(
                try await client.execute(
                    uri: "/v1/assignments/\(id)/health", method: .post, headers: token,
                    body: try API.json(HealthReport(p50Ms: 1, p90Ms: 2, p99Ms: 3, runs: 0))), .badRequest, "runs")
            API.assertError(
                try await client.execute(
                    uri: "/v1/assignments/\(id)/health", method: .post, headers: fleet.admin,
                    body: try API.json(HealthReport(p50Ms: 1, p90Ms: 2, p99Ms: 3, runs: 20))), .forbidden, "devices")
            let still = try API.decode(
                DeploymentView.self, try await client.execute(uri: "/v1/deployments/\(deployment.id)", method: .get, headers: fleet.admin))
            XCTAssertEqual(still.state, .running)
            XCTAssertEqual(still.assignments.first?.state, .active)
        }
    }
}
