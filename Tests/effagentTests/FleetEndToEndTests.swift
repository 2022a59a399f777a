import EffFleetTesting
import Foundation
import RegistryAPI
import RegistryClient
import XCTest

/// The whole product with real processes on loopback: a registry, four agents measuring real
/// Lite0/1/2 artifacts with the engine, `effctl deploy --wait`, and an agent killed mid-run.
final class FleetEndToEndTests: XCTestCase {
    func testDevicesGetTheMostAccurateVariantWithinTheirOwnMeasuredBudget() async throws {
        let root = try Fixtures.temporaryDirectory("fleet-e2e")
        defer { try? FileManager.default.removeItem(at: root) }
        let artifacts = try Self.buildArtifacts(in: root)
        let fleet = try FleetHarness(root: root)
        defer { _ = fleet.stopAll() }
        let admin = try fleet.admin()

        let created = try fleet.effctl(
            "fleets", "create", "demo", "--latency-budget-ms", "1000", "--token-out", root.appendingPathComponent("enroll.token").path)
        XCTAssertEqual(created.status, 0, created.standardError)
        let enrollToken = try String(contentsOf: root.appendingPathComponent("enroll.token"), encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let pushed = try fleet.effctl(["artifacts", "push"] + artifacts.map(\.path))
        XCTAssertEqual(pushed.status, 0, pushed.standardError)

        // The agents start one after another, so that each benchmarks on a quiet machine (they
        // share its two cores); "medium" is killed with SIGKILL after its first result and restarted.
        for name in ["tight", "medium", "loose", "impossible"] {
            try fleet.startAgent(name, fleet: "demo", enrollToken: enrollToken, latencyBudgetMs: name == "impossible" ? 0.5 : nil)
            if name == "medium" {
                try await eventually(timeout: 240, "medium's first result\n\(fleet.logs)") {
                    guard let medium = try await Self.device("medium", admin) else { return false }
                    return try await !admin.listJobs(fleet: "demo", state: "done", device: medium.id).isEmpty
                }
                let medium = try XCTUnwrap(fleet.agents["medium"])
                XCTAssertEqual(medium.stop(signal: SIGKILL, timeout: 10), SIGKILL, "killed by SIGKILL")
                try fleet.startAgent("medium", fleet: "demo", enrollToken: enrollToken)
            }
            try await eventually(timeout: 300, "\(name)'s benchmark jobs\n\(fleet.logs)") {
                guard let device = try await Self.device(name, admin) else { return false }
                return try await benchmarksSettled(admin, fleet: "demo", device: device.id, count: artifacts.count)
            }
        }
        let devices = try await admin.listDevices(fleet: "demo")
        XCTAssertEqual(devices.count, 4, "the restarted agent kept its enrollment")
        let mediumDevice = try await Self.device("medium", admin)
        let mediumID = try XCTUnwrap(mediumDevice).id
        XCTAssertTrue(try XCTUnwrap(fleet.agents["medium"]).log.contains("is \(mediumID)"), "the restart reused its credentials")

        // Budgets from each device's own p90s, between its Lite0, Lite1 and Lite2 figures, so that
        // tight, medium and loose get different variants; the expected choice is the rule applied
        // to the device's own measurements.
        let views = try await admin.listArtifacts()
        var expected: [String: String] = [:]
        for device in devices where device.name != "impossible" {
            // Unstable results (trials that disagreed twice, on a loaded machine) are never
            // selected on alone: the plan leaves those artifacts out, and so does the expectation.
            let results = try await admin.listResults(device: device.id).filter { $0.unstable != true }
            // An artifact's figure is its fastest backend's (the plan serves it with that one).
            let p90ByArtifact = Dictionary(results.map { ($0.artifactId, $0.p90Ms) }, uniquingKeysWith: min)
            func p90(_ variant: String) -> Double {
                views.filter { $0.variant == variant }.compactMap { p90ByArtifact[$0.id] }.max() ?? .infinity
            }
            let (lite1, lite2) = (p90("lite1"), p90("lite2"))
            // Just under what the next variant needs, so the chosen one has the most room in service.
            let budget: Double =
                switch device.name {
                case "tight": 1.1 * lite1 * 0.97
                case "medium": 1.1 * lite2 * 0.97
                default: 1.1 * lite2 * 1.5
                }
            let fits = views.filter { p90ByArtifact[$0.id].map { $0 * 1.1 <= budget } ?? false }
            expected[device.name] =
                fits.max {
                    ($0.top1 ?? $0.publishedTop1 ?? 0, -(p90ByArtifact[$0.id] ?? 0)) < (
                        $1.top1 ?? $1.publishedTop1 ?? 0, -(p90ByArtifact[$1.id] ?? 0)
                    )
                }?.id
            let set = try fleet.effctl("devices", "set-budget", device.id, "--latency-budget-ms", String(format: "%.3f", budget))
            XCTAssertEqual(set.status, 0, set.standardError)
        }

        // One device per wave: on this one machine, in-service measurements must not overlap.
        let deploy = try fleet.effctl("deploy", "--fleet", "demo", "--waves", "3", "--explain", "--wait", "--timeout", "300")
        XCTAssertEqual(deploy.status, 0, deploy.standardOutput + deploy.standardError + fleet.logs)
        XCTAssertTrue(deploy.standardOutput.contains("no-feasible-variant"), deploy.standardOutput)
        print(deploy.standardOutput)

        let plans = try await admin.listPlans(fleet: "demo")
        let plan = try XCTUnwrap(plans.first)
        let entries = try await admin.plan(id: plan.id).entries
        for entry in entries {
            if entry.device == "impossible" {
                XCTAssertEqual(entry.decision, .noFeasibleVariant)
                XCTAssertTrue(entry.reason.contains("fastest is"), entry.reason)
                continue
            }
            XCTAssertEqual(entry.decision, .assign, entry.reason)
            XCTAssertEqual(entry.artifactId, expected[entry.device], "\(entry.device): \(entry.reason)")
            let latency = try XCTUnwrap(entry.latencyMs)
            XCTAssertLessThanOrEqual(latency * 1.1, entry.latencyBudgetMs, "\(entry.device) is within budget by its own measured p90")
            XCTAssertEqual(entry.predicted, false)
        }
        let deployments = try await admin.listDeployments(fleet: "demo")
        let deployment = try XCTUnwrap(deployments.first)
        XCTAssertEqual(
            Set(entries.filter { $0.decision == .assign }.compactMap(\.variant)), ["lite0", "lite1", "lite2"],
            "tight, medium and loose run different variants")
        XCTAssertEqual(deployment.assignments.count, 3)
        for assignment in deployment.assignments {
            XCTAssertEqual(assignment.state, .healthy, "\(assignment.device): \(assignment.detail ?? "")")
            let active = try FileManager.default.destinationOfSymbolicLink(
                atPath: fleet.agentData(assignment.device).appendingPathComponent("active").path)
            XCTAssertEqual(active, "artifacts/\(assignment.artifactId).safetensors")
        }

        let statuses = fleet.stopAll()
        for (name, status) in statuses {
            XCTAssertEqual(status, 0, "\(name) stops cleanly on SIGTERM")
        }
    }

    /// Real Lite0 (FP32 and INT8), Lite1 and Lite2 artifacts from the cached weights.
    private static func buildArtifacts(in root: URL) throws -> [URL] {
        let effctl = Fixtures.executable("effctl")
        var built: [URL] = []
        for variant in ["lite0", "lite1", "lite2"] {
            let out = root.appendingPathComponent("\(variant)-fp32.safetensors")
            let outcome = try ProcessRunner.run(
                effctl,
                [
                    "artifacts", "import-torch", "--variant", variant, "--weights", try Fixtures.torchWeights(variant).path, "--out",
                    out.path,
                ])
            XCTAssertEqual(outcome.status, 0, outcome.standardError)
            built.append(out)
        }
        let int8 = root.appendingPathComponent("lite0-int8.safetensors")
        let calibration = try Fixtures.photo("astronaut", set: "calibration").deletingLastPathComponent().path
        let quantized = try ProcessRunner.run(
            effctl, ["artifacts", "quantize", "--in", built[0].path, "--calibration", calibration, "--images", "3", "--out", int8.path])
        XCTAssertEqual(quantized.status, 0, quantized.standardError)
        return built + [int8]
    }

    private static func device(_ name: String, _ admin: RegistryClient) async throws -> DeviceView? {
        try await admin.listDevices(fleet: "demo").first { $0.name == name }
    }
}
