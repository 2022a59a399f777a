import AgentCore
import Crypto
import EffFleetTesting
import Foundation
import GRDB
import RegistryAPI
import RegistryClient
import XCTest

/// What happens when things go wrong, with real processes on loopback: a registry killed with
/// SIGKILL, a download cut mid-way, an agent killed at arbitrary points, an upload interrupted.
final class FaultToleranceTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = try Fixtures.temporaryDirectory("fleet-faults")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func testRegistryKilledWhileAgentsPostResultsLosesAndDuplicatesNothing() async throws {
        let fleet = try FleetHarness(root: root)
        defer { _ = fleet.stopAll() }
        let admin = try fleet.admin()
        let token = try fleet.createFleet("lab")
        let artifacts = try fleet.synthesize("lite0", seeds: Array(1...6))
        XCTAssertEqual(try fleet.effctl(["artifacts", "push"] + artifacts.map(\.path)).status, 0)
        let names = ["a", "b", "c"]
        for name in names { try fleet.startAgent(name, fleet: "lab", enrollToken: token) }

        try await eventually(timeout: 120, "the first results\n\(fleet.logs)") { try await admin.listResults().count >= 2 }
        try fleet.restartRegistry(signal: SIGKILL, downtime: 3)  // killed mid-stream, back 3 s later on the same port
        try await eventually(timeout: 300, "all 18 benchmark jobs\n\(fleet.logs)") {
            try await benchmarksSettled(admin, fleet: "lab", count: 18)
        }
        try await assertEveryResultStoredOnce(admin, fleet: "lab", jobs: 18)
        XCTAssertTrue(
            names.contains { fleet.agentLog($0).contains("registry unavailable") }, "an agent saw the outage and retried:\n\(fleet.logs)")
        for name in names {
            let outbox = try Outbox(directory: fleet.agentData(name))
            let pending = try await outbox.pendingCount()
            XCTAssertEqual(pending, 0, "\(name)'s outbox is delivered")
        }
        _ = fleet.stopAll()
        let check = try DatabaseQueue(path: fleet.registryData.appendingPathComponent("registry.sqlite").path)
        let integrity = try await check.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        XCTAssertEqual(integrity, "ok")
    }

    func testADownloadCutMidwayResumesFromTheByteItHad() async throws {
        let fleet = try FleetHarness(root: root)
        defer { _ = fleet.stopAll() }
        let admin = try fleet.admin()
        let token = try fleet.createFleet("lab")
        let artifact = try XCTUnwrap(try fleet.synthesize("lite2", seeds: [1]).first)
        let pushed = try fleet.effctl("artifacts", "push", artifact.path)
        XCTAssertEqual(pushed.status, 0, pushed.standardError)
        let id = try await XCTUnwrapValue(try await admin.listArtifacts().first?.id)

        let portFile = root.appendingPathComponent("proxy.port")
        let proxy = try ServiceProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", Fixtures.repository.appendingPathComponent("Tests/effagentTests/Fixtures/cutting_proxy.py").path,
                "--target", "127.0.0.1:\(fleet.port)", "--cut-after", "5000000", "--port-file", portFile.path,
            ],
            name: "proxy", logURL: root.appendingPathComponent("proxy.log"))
        defer { proxy.stop(signal: SIGKILL) }
        try ServiceProcess.waitUntil(timeout: 10, "the proxy") { FileManager.default.fileExists(atPath: portFile.path) }
        let proxyURL = "http://127.0.0.1:" + (try String(contentsOf: portFile, encoding: .utf8))
        try fleet.startAgent("cam", fleet: "lab", enrollToken: token, registryURL: proxyURL)

        try await eventually(timeout: 120, "the benchmark behind the cut download\n\(fleet.logs)\n\(proxy.log)") {
            try await admin.listJobs(fleet: "lab", state: "done").count == 1
        }
        XCTAssertTrue(proxy.log.contains("cut after 5000000 bytes"), proxy.log)
        let log = fleet.agentLog("cam")
        let line = try XCTUnwrap(log.split(separator: "\n").first { $0.contains("downloaded") }, log)
        XCTAssertTrue(line.contains("resumed"), String(line))
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: artifact.path)[.size] as? Int)
        // "resumed: N fetched now": only the bytes after the cut came again.
        let fetched = try XCTUnwrap(
            line.components(separatedBy: "resumed: ").last?.split(separator: " ").first.flatMap { Int($0) }, String(line))
        XCTAssertLessThan(fetched, size - 4_000_000, "the download went on from the byte it had: \(line)")
        // The file appears under its name only once its sha256 matched, and a benchmark that ran on it
        // finished the job; then the agent removed it, as it keeps only what it serves.
        let results = try await admin.listResults()
        XCTAssertEqual(
            results.map(\.artifactId), Array(repeating: id, count: FleetHarness.backends.count), "the resumed file was whole and ran")
        let path = fleet.agentData("cam").appendingPathComponent("artifacts/\(id).safetensors").path
        try await eventually(timeout: 30, "the benchmarked artifact removed\n\(fleet.logs)") {
            !FileManager.default.fileExists(atPath: path)
        }
    }

    func testAnAgentKilledAtArbitraryPointsConvergesWithWholeFiles() async throws {
        let fleet = try FleetHarness(root: root)
        defer { _ = fleet.stopAll() }
        let admin = try fleet.admin()
        let token = try fleet.createFleet("lab", latencyBudgetMs: 1000)
        let artifacts = try fleet.synthesize("lite0", seeds: [1, 2]) + fleet.synthesize("lite1", seeds: [1])
        XCTAssertEqual(try fleet.effctl(["artifacts", "push"] + artifacts.map(\.path)).status, 0)
        var generator = SystemRandomNumberGenerator()

        func killAndCheck() throws {
            Thread.sleep(forTimeInterval: Double.random(in: 0.2...0.9, using: &generator))
            fleet.agents["cam"]?.stop(signal: SIGKILL)
            try Self.assertWhole(fleet.agentData("cam"))
            try fleet.startAgent("cam", fleet: "lab", enrollToken: token)
        }
        try fleet.startAgent("cam", fleet: "lab", enrollToken: token)
        for _ in 0..<4 { try killAndCheck() }
        try await eventually(timeout: 240, "the jobs after four kills\n\(fleet.logs)") {
            try await benchmarksSettled(admin, fleet: "lab", count: 3)
        }
        let (url, adminToken) = (fleet.url, fleet.adminToken)
        let deploy = Task.detached {
            try ProcessRunner.run(
                Fixtures.executable("effctl"), ["deploy", "--fleet", "lab", "--allow-synthetic", "--wait", "--timeout", "240"],
                timeout: 300,
                environment: ["EFF_REGISTRY": url, "EFF_TOKEN": adminToken])
        }
        for _ in 0..<3 { try killAndCheck() }
        let outcome = try await deploy.value
        XCTAssertEqual(outcome.status, 0, outcome.standardOutput + outcome.standardError + fleet.logs)
        let deployments = try await admin.listDeployments(fleet: "lab")
        let assignment = try XCTUnwrap(deployments.first?.assignments.first)
        XCTAssertEqual(assignment.state, .healthy, assignment.detail ?? "")
        let results = try await admin.listResults()
        XCTAssertEqual(results.count, 3 * FleetHarness.backends.count, "no result twice, whatever the kills")
        try Self.assertWhole(fleet.agentData("cam"))
        XCTAssertEqual(AgentDataDirectory.activeArtifact(in: fleet.agentData("cam")), assignment.artifactId)
    }

    func testARegistryKilledDuringAnUploadKeepsNoPartOfIt() async throws {
        let fleet = try FleetHarness(root: root)
        defer { _ = fleet.stopAll() }
        let artifact = try XCTUnwrap(try fleet.synthesize("lite2", seeds: [3]).first)
        let upload = try ServiceProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "curl", "-sS", "--limit-rate", "4M", "-H", "Authorization: Bearer \(fleet.adminToken)", "--data-binary",
                "@\(artifact.path)", "\(fleet.url)/v1/artifacts",
            ],
            name: "upload", logURL: root.appendingPathComponent("upload.log"))
        try ServiceProcess.waitUntil(timeout: 20, "upload bytes in the registry's tmp folder") {
            let tmp = fleet.registryData.appendingPathComponent("blobs/tmp")
            return ((try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []).contains { name in
                ((try? FileManager.default.attributesOfItem(atPath: tmp.appendingPathComponent(name).path)[.size] as? Int) ?? 0) > 1_000_000
            }
        }
        try fleet.restartRegistry(signal: SIGKILL)
        upload.stop(signal: SIGKILL)
        let admin = try fleet.admin()
        let listed = try await admin.listArtifacts()
        XCTAssertEqual(listed.count, 0, "the interrupted upload is not visible")
        let blobs = fleet.registryData.appendingPathComponent("blobs")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: blobs.appendingPathComponent("tmp").path), [], "its partial bytes are gone")
        XCTAssertEqual(
            try FileManager.default.subpathsOfDirectory(atPath: blobs.appendingPathComponent("sha256").path).filter { $0.count > 60 }, [])
        let again = try fleet.effctl("artifacts", "push", artifact.path)
        XCTAssertEqual(again.status, 0, again.standardError)
    }

    /// Every artifact file is whole (named by its sha256), and `active`, if present, points to one.
    private static func assertWhole(_ data: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let folder = data.appendingPathComponent("artifacts")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".safetensors") {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            XCTAssertEqual(digest + ".safetensors", name, "a file under its final name is whole", file: file, line: line)
        }
        if let active = AgentDataDirectory.activeArtifact(in: data) {
            XCTAssertTrue(
                FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(active).safetensors").path), file: file, line: line)
        }
    }
}

/// `XCTUnwrap` of an optional computed asynchronously.
func XCTUnwrapValue<T>(_ value: T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    try XCTUnwrap(value, file: file, line: line)
}
