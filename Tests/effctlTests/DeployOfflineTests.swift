import CurlClient
import EffFleetTesting
import Foundation
import RegistryAPI
import RegistryClient
import XCTest

/// `effctl deploy` against a real registry whose offline bound is 2 s: a device silent longer is
/// named and left out unless --include-offline; a stored plan whose budgets changed since gets a warning.
final class DeployOfflineTests: XCTestCase {
    private var registry: RegistryProcess?
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("effctl-offline")
    }

    override func tearDownWithError() throws {
        registry?.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func effctl(_ arguments: [String], _ registry: RegistryProcess) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(
            Fixtures.executable("effctl"), arguments, timeout: 120,
            environment: ["EFF_REGISTRY": registry.url, "EFF_TOKEN": try registry.adminToken()])
    }

    func testOfflineDevicesAreLeftOutAndAStalePlanIsFlagged() async throws {
        let registry = try RegistryProcess(arguments: ["--offline-after", "2"])
        self.registry = registry
        let admin = try RegistryClient(baseURL: registry.url, token: try registry.adminToken())
        let fleet = try await admin.createFleet(CreateFleetRequest(name: "lab", latencyBudgetMs: 50, allowSynthetic: true))
        let artifactPath = directory.appendingPathComponent("lite0.safetensors").path
        XCTAssertEqual(try effctl(["artifacts", "synth", "--variant", "lite0", "--seed", "3", "--out", artifactPath], registry).status, 0)
        let artifact = try await admin.uploadArtifact(path: artifactPath)
        let enrollmentToken = try XCTUnwrap(fleet.enrollmentToken)
        var devices: [String: RegistryClient] = [:]
        for name in ["cam-on", "cam-off"] {
            let device = try await TestDevice.enroll(name, fleet: "lab", registry: registry.url, enrollmentToken: enrollmentToken).client
            let jobs = try await device.deviceJobs()
            let job = try XCTUnwrap(jobs.first)
            _ = try await device.postResult(TestDevice.report(id: job.id, artifactId: artifact.id, runs: 30))
            devices[name] = device
        }
        let dryRun = try effctl(["deploy", "--fleet", "lab", "--dry-run", "--allow-synthetic"], registry)
        XCTAssertEqual(dryRun.status, 0, dryRun.standardError)
        let planId = try XCTUnwrap(dryRun.standardOutput.firstMatch(of: #/effctl deploy --plan ([0-9a-f-]+)/#).map { String($0.1) })

        // cam-on keeps heartbeating; wait (bounded) until cam-off has been silent past the bound.
        let deadline = Date().addingTimeInterval(30)
        while true {
            try await devices["cam-on"]?.heartbeat()
            let silent = try await admin.listDevices(fleet: "lab").first { $0.name == "cam-off" }?.lastSeen
            if let silent, Date().timeIntervalSince1970 - silent > 2.5 { break }
            XCTAssertLessThan(Date(), deadline, "cam-off never went quiet")
            if Date() > deadline { return }
            try await Task.sleep(for: .milliseconds(200))  // the polling interval, not a synchronization
        }
        try await devices["cam-on"]?.heartbeat()
        XCTAssertEqual(try effctl(["devices", "set-budget", "cam-on", "--latency-budget-ms", "40"], registry).status, 0)

        let deployed = try effctl(["deploy", "--plan", String(planId.prefix(8))], registry)
        XCTAssertEqual(deployed.status, 0, deployed.standardError)
        XCTAssertTrue(
            deployed.standardOutput.contains(
                "left out 1 offline device: cam-off (no heartbeat within the registry's bound); deploy to them too with --include-offline"),
            deployed.standardOutput)
        XCTAssertTrue(deployed.standardOutput.contains(": 1 assignment"), deployed.standardOutput)
        XCTAssertEqual(
            deployed.standardError,
            "warning: plan \(planId) is stale: 1 budget changed since; plan again with effctl deploy --fleet lab\n")

        let everyone = try effctl(["deploy", "--plan", planId, "--include-offline"], registry)
        XCTAssertEqual(everyone.status, 0, everyone.standardError)
        XCTAssertFalse(everyone.standardOutput.contains("left out"), everyone.standardOutput)
        XCTAssertTrue(everyone.standardOutput.contains(": 2 assignments"), everyone.standardOutput)
    }
}
