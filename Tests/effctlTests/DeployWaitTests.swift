import EffFleetTesting
import Foundation
import RegistryAPI
import RegistryClient
import XCTest

/// `effctl deploy --wait` keeps going: across a registry that is killed and comes back, and with its
/// progress read line by line through a pipe while it runs.
final class DeployWaitTests: XCTestCase {
    private var registry: RegistryProcess!
    private var directory: URL!

    override func setUpWithError() throws {
        registry = try RegistryProcess()
        directory = try Fixtures.temporaryDirectory("effctl-wait")
    }

    override func tearDownWithError() throws {
        registry?.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func testWaitSurvivesARegistryRestartAndStreamsProgressThroughAPipe() async throws {
        // A fleet of one device that has measured one artifact, so a deploy has something to wait for.
        let admin = try RegistryClient(baseURL: registry.url, token: try registry.adminToken())
        let fleet = try await admin.createFleet(CreateFleetRequest(name: "lab", latencyBudgetMs: 50, allowSynthetic: true))
        let artifactPath = directory.appendingPathComponent("lite0.safetensors").path
        let synth = try ProcessRunner.run(
            Fixtures.executable("effctl"), ["artifacts", "synth", "--variant", "lite0", "--seed", "4", "--out", artifactPath], timeout: 60)
        XCTAssertEqual(synth.status, 0, synth.standardError)
        let artifact = try await admin.uploadArtifact(path: artifactPath)
        let device = try await TestDevice.enroll(
            "cam-1", fleet: "lab", registry: registry.url, enrollmentToken: try XCTUnwrap(fleet.enrollmentToken)
        ).client
        _ = try await device.postResult(TestDevice.report(id: "r1", artifactId: artifact.id))

        let deploy = try PipedEffctl(
            ["deploy", "--fleet", "lab", "--allow-synthetic", "--wait", "--timeout", "120"], registry: registry.url,
            token: try registry.adminToken())
        try ServiceProcess.waitUntil(timeout: 30, "effctl's first progress line") { deploy.progress.contains("deployment ") }
        XCTAssertTrue(deploy.isRunning, "progress arrives line by line through the pipe while effctl runs")

        registry.kill()
        try ServiceProcess.waitUntil(timeout: 30, "effctl to notice the registry is gone") {
            deploy.progress.contains("registry not answering")
        }
        try registry.startAgain()

        // The device finishes its assignment on the registry that came back.
        var assignment: AssignmentView?
        for _ in 0..<100 where assignment == nil {
            assignment = try await device.currentAssignment()
            if assignment == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let assigned = try XCTUnwrap(assignment)
        _ = try await device.reportAssignmentState(id: assigned.id, AssignmentStateReport(state: .active))
        _ = try await device.reportHealth(id: assigned.id, HealthReport(p50Ms: 8, p90Ms: 8.4, p99Ms: 9, runs: 20))

        let status = try deploy.waitForExit(timeout: 60)
        XCTAssertEqual(status, 0, deploy.progress)
        XCTAssertTrue(deploy.progress.contains("registry answering again"), deploy.progress)
        XCTAssertTrue(deploy.progress.contains("1 healthy"), deploy.progress)
    }
}

/// effctl with its standard error read through a pipe as it writes, line by line.
private final class PipedEffctl: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var text = ""

    init(_ arguments: [String], registry: String, token: String) throws {
        process.executableURL = Fixtures.executable("effctl")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["EFF_REGISTRY": registry, "EFF_TOKEN": token]) { $1 }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    /// What effctl has written to standard error so far.
    var progress: String { lock.withLock { text } }

    /// The exit status, once effctl exits within `timeout` seconds.
    func waitForExit(timeout: TimeInterval) throws -> Int32 {
        try ServiceProcess.waitUntil(timeout: timeout, "effctl to exit") { !process.isRunning }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
