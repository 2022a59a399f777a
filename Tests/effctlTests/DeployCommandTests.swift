import CurlClient
import EffFleetTesting
import Foundation
import RegistryAPI
import RegistryClient
import XCTest

/// `effctl deploy --wait` against a real `effregistry`, with the test playing the device through
/// ``RegistryClient``: it waits for the benchmark jobs, plans, deploys, and follows the assignment.
final class DeployCommandTests: XCTestCase {
    private var registry: RegistryProcess!
    private var directory: URL!

    override func setUpWithError() throws {
        registry = try RegistryProcess()
        directory = try Fixtures.temporaryDirectory("effctl-deploy")
    }

    override func tearDownWithError() throws {
        registry?.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func effctl(_ arguments: [String]) throws -> ProcessRunner.Outcome {
        try runEffctl(arguments, registry: registry.url, token: try registry.adminToken())
    }

    /// Runs effctl in the background, as the admin.
    private func startEffctl(_ arguments: [String]) throws -> Task<ProcessRunner.Outcome, any Error> {
        let url = registry.url
        let token = try registry.adminToken()
        return Task.detached { try runEffctl(arguments, registry: url, token: token) }
    }

    func testDeployWaitsForBenchmarksThenForTheDevice() async throws {
        let admin = try RegistryClient(baseURL: registry.url, token: try registry.adminToken())
        let fleet = try await admin.createFleet(CreateFleetRequest(name: "lab", latencyBudgetMs: 12, allowSynthetic: true))
        let artifactPath = directory.appendingPathComponent("lite0.safetensors").path
        XCTAssertEqual(try effctl(["artifacts", "synth", "--variant", "lite0", "--seed", "3", "--out", artifactPath]).status, 0)
        let artifact = try await admin.uploadArtifact(path: artifactPath)

        let enrollment = try RegistryClient(baseURL: registry.url, token: try XCTUnwrap(fleet.enrollmentToken))
        let hardware = HardwareReport(
            cpuModel: "Test CPU", cores: 4, memoryMb: 4096, architecture: "x86_64", backend: "xnnpack", threads: 2)
        let enrolled = try await enrollment.enroll(EnrollRequest(name: "bench-1", fleet: "lab", hardware: hardware, engineVersion: "test"))
        let device = try RegistryClient(baseURL: registry.url, token: enrolled.deviceToken)

        // effctl runs while the test answers as the device.
        let run = try startEffctl(["deploy", "--fleet", "lab", "--allow-synthetic", "--wait", "--timeout", "30"])

        let jobs = try await device.deviceJobs()
        XCTAssertEqual(jobs.map(\.artifactId), [artifact.id])
        try await Task.sleep(for: .seconds(3))  // let effctl start and see the pending job
        for job in jobs {
            let report = BenchmarkReport(
                id: job.id, artifactId: job.artifactId,
                figures: BenchmarkFigures(
                    threads: 2, runs: 10, meanMs: 8, stdMs: 0.1, minMs: 7.5, p50Ms: 8,
                    p90Ms: 8.41, p99Ms: 9, maxMs: 9.5, initMs: 30, firstMs: 10, peakRssMb: 60, engineVersion: "test")
            )
            _ = try await device.postResult(report)
        }
        var assignment: AssignmentView?
        for _ in 0..<200 where assignment == nil {
            assignment = try await device.currentAssignment()
            if assignment == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let assigned = try XCTUnwrap(assignment, "no assignment arrived")
        XCTAssertEqual(assigned.artifactId, artifact.id)
        let blob = directory.appendingPathComponent("blob").path
        let download = try await device.downloadBlob(id: assigned.artifactId, to: blob, expectedSize: assigned.sizeBytes)
        XCTAssertEqual(download.fileSize, artifact.sizeBytes)
        _ = try await device.reportAssignmentState(id: assigned.id, AssignmentStateReport(state: .downloading))
        try await Task.sleep(for: .milliseconds(700))
        _ = try await device.reportAssignmentState(id: assigned.id, AssignmentStateReport(state: .active, detail: "serving"))
        _ = try await device.reportHealth(id: assigned.id, HealthReport(p50Ms: 8, p90Ms: 8.4, p99Ms: 9, runs: 20))

        let outcome = try await run.value
        XCTAssertEqual(outcome.status, 0, outcome.standardError)
        let (output, progress) = (outcome.standardOutput, outcome.standardError)
        XCTAssertTrue(progress.contains("waiting for 1 benchmark job"), progress)
        XCTAssertTrue(output.contains("8.41/12.00 ms"), output)
        XCTAssertTrue(output.contains("lite0 fp32"), output)
        XCTAssertTrue(output.contains(" new "), output)
        XCTAssertTrue(progress.contains("1 downloading") || progress.contains("1 pending"), progress)
        XCTAssertTrue(progress.contains("1 healthy"), progress)
        XCTAssertTrue(output.contains("in service p90 8.40 ms over 20 runs, budget 12.00 ms"), output)

        // The same plan again keeps what the device runs; a dry run deploys nothing.
        let again = try effctl(["deploy", "--fleet", "lab", "--allow-synthetic", "--dry-run"])
        XCTAssertEqual(again.status, 0, again.standardError)
        XCTAssertTrue(again.standardOutput.contains(" keep "), again.standardOutput)
        let deployments = try await admin.listDeployments(fleet: "lab")
        XCTAssertEqual(deployments.count, 1)

        // A failing device halts the rollout, goes back to its last-known-good, and --wait fails with one line.
        let failing = try startEffctl(["deploy", "--fleet", "lab", "--allow-synthetic", "--wait", "--timeout", "30", "--json"])
        var next: AssignmentView?
        for _ in 0..<200 {
            if let current = try await device.currentAssignment(), current.id != assigned.id {
                next = current
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let second = try XCTUnwrap(next, "no second assignment")
        _ = try await device.reportAssignmentState(id: second.id, AssignmentStateReport(state: .failed, detail: "disk full"))
        let current = try await device.currentAssignment()
        let rollback = try XCTUnwrap(current)
        XCTAssertEqual(rollback.purpose, "rollback")
        XCTAssertEqual(rollback.artifactId, assigned.artifactId)
        _ = try await device.reportAssignmentState(id: rollback.id, AssignmentStateReport(state: .active))
        _ = try await device.reportHealth(id: rollback.id, HealthReport(p50Ms: 8, p90Ms: 8.4, p99Ms: 9, runs: 20))
        let failed = try await failing.value
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertTrue(
            failed.standardError.hasSuffix(
                "Error: rollout halted: stage 1 of 1: 1 of 1 devices failed or breached their budget (at most 0 allowed); see effctl "
                    + "deployments show \(second.deploymentId)\n"
            ), failed.standardError)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(failed.standardOutput.utf8)) as? [String: Any])
        let deployment = try XCTUnwrap(json["deployment"] as? [String: Any])
        XCTAssertEqual((deployment["assignments"] as? [[String: Any]])?.map { $0["state"] as? String }, ["failed", "healthy"])

        let shown = try effctl(["deployments", "show", second.deploymentId])
        XCTAssertEqual(shown.status, 0, shown.standardError)
        for fragment in ["state halted", "rollback", "deployment-halted", "device:bench-1", "disk full", "8.40/12.00 ms"] {
            XCTAssertTrue(shown.standardOutput.contains(fragment), "'\(fragment)' missing:\n\(shown.standardOutput)")
        }
        let history = try effctl(["query", "deployments", "--fleet", "lab", "--history", "--csv"])
        XCTAssertEqual(history.status, 0, history.standardError)
        XCTAssertTrue(history.standardOutput.contains("deployment-created"), history.standardOutput)
        XCTAssertTrue(history.standardOutput.contains("device-enrolled"), history.standardOutput)
    }
}

/// Runs effctl against `registry` with `token` in its environment.
private func runEffctl(_ arguments: [String], registry: String, token: String) throws -> ProcessRunner.Outcome {
    try ProcessRunner.run(
        Fixtures.executable("effctl"), arguments, timeout: 60, environment: ["EFF_REGISTRY": registry, "EFF_TOKEN": token])
}
