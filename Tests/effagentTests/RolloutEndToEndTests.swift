import AgentCore
import EffCore
import EffFleetTesting
import Foundation
import RegistryAPI
import RegistryClient
import XCTest

/// A canary that fails, with real agents: budgets lowered between planning and rollout make the
/// canary breach in service; the rollout halts after the canary, the canary goes back to its
/// last-known-good artifact by itself, and the other devices never change.
final class RolloutEndToEndTests: XCTestCase {
    func testACanaryThatBreachesItsBudgetHaltsTheRolloutAndRollsBack() async throws {
        let root = try Fixtures.temporaryDirectory("fleet-rollout")
        defer { try? FileManager.default.removeItem(at: root) }
        let fleet = try FleetHarness(root: root)
        defer { _ = fleet.stopAll() }
        let admin = try fleet.admin()
        let token = try fleet.createFleet("lab", latencyBudgetMs: 1000)
        let artifacts = try fleet.synthesize("lite0", seeds: [1]) + fleet.synthesize("lite1", seeds: [1])
        XCTAssertEqual(try fleet.effctl(["artifacts", "push"] + artifacts.map(\.path)).status, 0)
        let names = ["cam-1", "cam-2", "cam-3", "cam-4"]
        for name in names { try fleet.startAgent(name, fleet: "lab", enrollToken: token) }
        try await eventually(timeout: 300, "8 benchmark jobs\n\(fleet.logs)") {
            try await benchmarksSettled(admin, fleet: "lab", count: 8)
        }
        let views = try await admin.listArtifacts()
        let lite0 = try XCTUnwrap(views.first { $0.variant == "lite0" }).id
        let lite1 = try XCTUnwrap(views.first { $0.variant == "lite1" }).id
        let devices = try await admin.listDevices(fleet: "lab")

        // 1. Everyone on Lite0: budgets between each device's own Lite0 and Lite1 p90.
        for device in devices {
            let p90 = Dictionary(try await admin.listResults(device: device.id).map { ($0.artifactId, $0.p90Ms) }, uniquingKeysWith: min)
            let budget = 1.1 * (try XCTUnwrap(p90[lite1])) * 0.97
            XCTAssertEqual(
                try fleet.effctl("devices", "set-budget", device.id, "--latency-budget-ms", String(format: "%.3f", budget)).status, 0)
        }
        let first = try fleet.effctl("deploy", "--fleet", "lab", "--allow-synthetic", "--waves", "4", "--wait", "--timeout", "300")
        XCTAssertEqual(first.status, 0, first.standardOutput + first.standardError + fleet.logs)
        for name in names { XCTAssertEqual(AgentDataDirectory.activeArtifact(in: fleet.agentData(name)), lite0, name) }

        // 2. Budgets raised: the plan moves everyone to Lite1; stored with --dry-run.
        for device in devices {
            XCTAssertEqual(try fleet.effctl("devices", "set-budget", device.id, "--latency-budget-ms", "1000").status, 0)
        }
        let dryRun = try fleet.effctl("deploy", "--fleet", "lab", "--allow-synthetic", "--dry-run", "--json")
        XCTAssertEqual(dryRun.status, 0, dryRun.standardError)
        let plan = try SnakeCaseJSON.decoder().decode(DryRunOutput.self, from: Data(dryRun.standardOutput.utf8)).plan
        XCTAssertEqual(Set(plan.entries.compactMap(\.artifactId)), [lite1])

        // 3. Budgets lowered before the plan rolls out: whoever is the canary breaches in service.
        for device in devices { XCTAssertEqual(try fleet.effctl("devices", "set-budget", device.id, "--latency-budget-ms", "1").status, 0) }
        let rollout = try fleet.effctl(
            "deploy", "--plan", plan.id, "--canary", "25%", "--waves", "3", "--max-failures", "0", "--wait", "--timeout", "300")
        XCTAssertNotEqual(rollout.status, 0)
        XCTAssertTrue(
            rollout.standardError.contains("rollout halted: stage 1 of 4: 1 of 1 devices failed or breached their budget"),
            rollout.standardError)

        let deployments = try await admin.listDeployments(fleet: "lab")
        let halted = try XCTUnwrap(deployments.first)
        XCTAssertEqual(halted.state, .halted)
        let canary = try XCTUnwrap(halted.assignments.first { $0.stage == 0 && $0.purpose == "deploy" })
        XCTAssertEqual(canary.state, .breached, canary.detail ?? "")
        let rollback = try XCTUnwrap(halted.assignments.first { $0.purpose == "rollback" })
        XCTAssertEqual(rollback.device, canary.device)
        XCTAssertEqual(rollback.artifactId, lite0)
        XCTAssertTrue(rollback.state.isSettled, "the rollback finished: \(rollback.state)")
        XCTAssertEqual(
            AgentDataDirectory.activeArtifact(in: fleet.agentData(canary.device)), lite0, "the canary serves its last-known-good again")
        for other in halted.assignments where other.stage > 0 {
            XCTAssertEqual(other.state, .cancelled)
            XCTAssertEqual(other.history.map(\.state), [.waiting, .cancelled], "\(other.device) never saw the rollout")
            XCTAssertEqual(AgentDataDirectory.activeArtifact(in: fleet.agentData(other.device)), lite0, "\(other.device) never changed")
        }
        let shown = try fleet.effctl("deployments", "show", halted.id)
        XCTAssertEqual(shown.status, 0, shown.standardError)
        for fragment in ["state halted", "deployment-halted", "rollback", "breached", "device:\(canary.device)", "registry"] {
            XCTAssertTrue(shown.standardOutput.contains(fragment), "'\(fragment)' missing:\n\(shown.standardOutput)")
        }
    }

    private struct DryRunOutput: Decodable {
        var plan: PlanView
    }
}
