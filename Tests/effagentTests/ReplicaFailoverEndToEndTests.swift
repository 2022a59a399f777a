import AgentCore
import EffFleetTesting
import Foundation
import PostgresStore
import PostgresTesting
import RegistryAPI
import RegistryClient
import XCTest

/// Two `effregistry` replicas on one PostgreSQL database, agents given both URLs
/// (`--registry A,B`), and each replica killed with SIGKILL in turn: one while results are being
/// posted, the other in the middle of a staged rollout. Every acknowledged result is stored
/// exactly once, every download completes, and the rollout completes on the replica left.
final class ReplicaFailoverEndToEndTests: XCTestCase {
    private var database: PostgresTestDatabase?
    private var root: URL!

    override func setUp() async throws {
        if let reason = PostgresTestDatabase.unavailableReason { throw XCTSkip(reason) }
        database = try await PostgresTestDatabase.create(label: "failover")
        root = try Fixtures.temporaryDirectory("fleet-replicas")
    }

    override func tearDown() async throws {
        try await database?.drop()
        if let root { try? FileManager.default.removeItem(at: root) }
    }

    func testAgentsFailOverWhenEachReplicaIsKilledAndTheRolloutCompletes() async throws {
        let fleet = try FleetHarness(root: root, registryArguments: ["--database", try XCTUnwrap(database).url.description])
        defer { _ = fleet.stopAll() }
        let (replicaB, urlB) = try fleet.startReplica("replica-b")
        defer { _ = replicaB.stop(signal: SIGKILL) }
        let adminA = try fleet.admin()
        let adminB = try RegistryClient(baseURL: urlB, token: fleet.adminToken)
        let token = try fleet.createFleet("lab")
        let artifacts = try fleet.synthesize("lite0", seeds: [1, 2, 3])
        XCTAssertEqual(try fleet.effctl(["artifacts", "push"] + artifacts.map(\.path)).status, 0, "pushed through replica A")
        let names = ["cam-1", "cam-2", "cam-3", "cam-4"]
        for name in names { try fleet.startAgent(name, fleet: "lab", enrollToken: token, registryURL: "\(fleet.url),\(urlB)") }

        // 1. Replica A dies while the agents post results; they carry on with B, downloading from it
        //    the artifacts A never gave them (B fills its cache from the database).
        try await eventually(timeout: 180, "the first results\n\(fleet.logs)") { try await adminB.listResults().count >= 2 }
        fleet.registry.stop(signal: SIGKILL)
        try await eventually(timeout: 400, "all 12 benchmark jobs through replica B\n\(fleet.logs)") {
            try await benchmarksSettled(adminB, fleet: "lab", count: 12)
        }
        try await assertEveryResultStoredOnce(adminB, fleet: "lab", jobs: 12)
        XCTAssertTrue(
            names.contains { fleet.agentLog($0).contains("trying \(urlB)") }, "an agent failed over to B:\n\(fleet.logs)")

        // 2. A is back; a staged rollout starts, and B (which the agents now use) dies mid-way.
        try fleet.restartRegistry(signal: SIGKILL)
        let (url, adminToken) = (fleet.url, fleet.adminToken)
        let deploy = Task.detached {
            try ProcessRunner.run(
                Fixtures.executable("effctl"),
                ["deploy", "--fleet", "lab", "--allow-synthetic", "--canary", "25%", "--waves", "3", "--wait", "--timeout", "300"],
                timeout: 360, environment: ["EFF_REGISTRY": url, "EFF_TOKEN": adminToken])
        }
        try await eventually(timeout: 120, "the rollout's first stage under way\n\(fleet.logs)") {
            let deployments = try await adminA.listDeployments(fleet: "lab")
            return deployments.first?.assignments.contains { $0.state != .waiting } ?? false
        }
        _ = replicaB.stop(signal: SIGKILL)
        let outcome = try await deploy.value
        XCTAssertEqual(outcome.status, 0, outcome.standardOutput + outcome.standardError + fleet.logs)

        let deployments = try await adminA.listDeployments(fleet: "lab")
        let deployment = try XCTUnwrap(deployments.first)
        XCTAssertEqual(deployment.state, .completed, "the rollout completed on replica A")
        XCTAssertEqual(Set(deployment.assignments.map(\.stage)).count, 4, "four stages: a canary and three waves")
        for assignment in deployment.assignments {
            XCTAssertEqual(assignment.state, .healthy, "\(assignment.device): \(assignment.detail ?? "")")
            XCTAssertEqual(AgentDataDirectory.activeArtifact(in: fleet.agentData(assignment.device)), assignment.artifactId)
        }
        for name in names {
            let pending = try await Outbox(directory: fleet.agentData(name)).pendingCount()
            XCTAssertEqual(pending, 0, "\(name)'s outbox is delivered")
        }
        let finalResults = try await adminA.listResults()
        XCTAssertEqual(Set(finalResults.map(\.id)).count, finalResults.count, "no result stored twice")
    }

    func testAgentsBehindNginxKeepGoingWhenAReplicaDies() async throws {
        guard NginxProxy.executable != nil else { throw XCTSkip("nginx is not installed (scripts/install-deps installs it)") }
        let fleet = try FleetHarness(root: root, registryArguments: ["--database", try XCTUnwrap(database).url.description])
        defer { _ = fleet.stopAll() }
        let (replicaB, urlB) = try fleet.startReplica("replica-b")
        defer { _ = replicaB.stop(signal: SIGKILL) }
        let upstreams = [fleet.url, urlB].map { $0.replacingOccurrences(of: "http://", with: "") }
        let nginx = try NginxProxy(folder: root.appendingPathComponent("nginx"), upstreams: upstreams)
        defer { nginx.stop() }
        let admin = try RegistryClient(baseURL: nginx.url, token: fleet.adminToken)
        let token = try fleet.createFleet("lab")
        let artifacts = try fleet.synthesize("lite0", seeds: [1, 2])
        let push = try ProcessRunner.run(
            Fixtures.executable("effctl"), ["artifacts", "push"] + artifacts.map(\.path),
            environment: ["EFF_REGISTRY": nginx.url, "EFF_TOKEN": fleet.adminToken])
        XCTAssertEqual(push.status, 0, push.standardError)
        let names = ["cam-1", "cam-2", "cam-3"]
        for name in names { try fleet.startAgent(name, fleet: "lab", enrollToken: token, registryURL: nginx.url) }

        try await eventually(timeout: 180, "the first results\n\(fleet.logs)") { try await admin.listResults().count >= 2 }
        fleet.registry.stop(signal: SIGKILL)
        try await eventually(timeout: 400, "all 6 benchmark jobs through nginx\n\(fleet.logs)\n\(nginx.accessLog.suffix(2000))") {
            try await benchmarksSettled(admin, fleet: "lab", count: 6)
        }
        try await assertEveryResultStoredOnce(admin, fleet: "lab", jobs: 6)
        let served = Set(nginx.accessLog.split(separator: "\n").compactMap { $0.split(separator: "upstream=").last.map(String.init) })
        for upstream in upstreams {
            XCTAssertTrue(served.contains { $0.contains(upstream) }, "\(upstream) served requests: \(served.sorted())")
        }

        let deploy = try ProcessRunner.run(
            Fixtures.executable("effctl"), ["deploy", "--fleet", "lab", "--allow-synthetic", "--wait", "--timeout", "300"],
            timeout: 360, environment: ["EFF_REGISTRY": nginx.url, "EFF_TOKEN": fleet.adminToken])
        XCTAssertEqual(deploy.status, 0, deploy.standardOutput + deploy.standardError + fleet.logs)
        let deployments = try await admin.listDeployments(fleet: "lab")
        let deployment = try XCTUnwrap(deployments.first)
        XCTAssertEqual(deployment.state, .completed)
        for assignment in deployment.assignments {
            XCTAssertEqual(AgentDataDirectory.activeArtifact(in: fleet.agentData(assignment.device)), assignment.artifactId)
        }
    }
}
