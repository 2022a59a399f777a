import EffCtlCore
import RegistryAPI
import XCTest

final class DeployFormattingTests: XCTestCase {
    private func entry(
        decision: PlanEntryView.Decision = .assign, artifact: String? = "b", current: String?, changes: Bool, predicted: Bool = false
    ) -> PlanEntryView {
        PlanEntryView(
            deviceId: "d1", device: "cam-1", latencyBudgetMs: 12, memoryBudgetMb: nil, decision: decision, artifactId: artifact,
            variant: "lite1", precision: "int8", latencyMs: 8.414, predicted: predicted, top1: 75.9, peakRssMb: 30,
            currentArtifactId: current, changesCurrent: changes, reason: "most accurate within budget"
        )
    }

    private let artifacts = [
        "a": ArtifactView(id: "a", variant: "lite0", precision: "fp32", sizeBytes: 1, origin: "o", synthetic: false, publishedTop1: 75.1)
    ]

    func testChangeFromCurrent() {
        XCTAssertEqual(PlanTable.change(entry(current: nil, changes: true), artifacts: artifacts), "new")
        XCTAssertEqual(PlanTable.change(entry(current: "b", changes: false), artifacts: artifacts), "keep")
        XCTAssertEqual(PlanTable.change(entry(current: "a", changes: true), artifacts: artifacts), "from lite0 fp32")
        XCTAssertEqual(PlanTable.change(entry(current: "0123456789abcdef", changes: true), artifacts: artifacts), "from 0123456789ab")
        XCTAssertEqual(
            PlanTable.change(entry(decision: .noFeasibleVariant, artifact: nil, current: "a", changes: false), artifacts: artifacts), "-")
    }

    /// The candidate table says why a faster INT8 artifact lost: its credited top-1, marked when
    /// it comes from the measured disagreement with the FP32 source.
    func testPlanRowsShowBothBudgets() {
        var limited = entry(current: nil, changes: true)
        limited.memoryBudgetMb = 72
        let plan = PlanView(
            id: "p", fleet: "f", percentile: .p90, headroom: 0.1, allowSynthetic: false, createdAt: 0,
            entries: [entry(current: nil, changes: true), limited], pendingJobs: 0)
        let lines = PlanTable.table(plan, artifacts: artifacts).rendered().split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).prefix(4).joined(separator: " ")
        }
        XCTAssertEqual(lines, ["device budget ms memory", "cam-1 12.00 - lite1", "cam-1 12.00 72 lite1"])
    }

    func testCandidatesShowTheTop1TheyAreCreditedWith() {
        var explained = entry(current: nil, changes: true)
        explained.candidates = [
            PlanCandidate(
                artifactId: "a", variant: "lite0", precision: "fp32", backend: "onednn", latencyMs: 8.74, upperMs: 8.99, peakRssMb: 83.7,
                top1: 75.1, top1Source: "published-fp32", predicted: false, verdict: "chosen"),
            PlanCandidate(
                artifactId: "b", variant: "lite2", precision: "int8", backend: "onednn", latencyMs: 8.18, upperMs: 8.25, peakRssMb: 60.5,
                top1: 69.4, top1Source: "fp32-minus-disagreement", predicted: false, verdict: "outranked"),
            PlanCandidate(
                artifactId: "c", variant: "lite1", precision: "fp32", backend: nil, latencyMs: nil, upperMs: nil, peakRssMb: nil,
                predicted: false, verdict: "unmeasured"),
        ]
        let plan = PlanView(
            id: "p", fleet: "f", percentile: .p90, headroom: 0.1, allowSynthetic: false, createdAt: 0, entries: [explained],
            pendingJobs: 0)
        let lines = CandidateTable.table(plan).rendered().split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        XCTAssertEqual(lines[0], "device candidate backend top-1 latency upper peak RSS MB verdict")
        XCTAssertEqual(lines[1], "cam-1 lite0 fp32 onednn 75.1 8.74 8.99 83.7 chosen")
        XCTAssertEqual(lines[2], "cam-1 lite2 int8 onednn 69.4† 8.18 8.25 60.5 outranked")
        XCTAssertEqual(lines[3], "cam-1 lite1 fp32 - - - - - unmeasured")
        XCTAssertEqual(
            CandidateTable.legend(plan),
            ["† published FP32 top-1 of the source minus the 95 % bound of the INT8 artifact's measured disagreement"])
    }

    func testLatencyAgainstBudget() {
        XCTAssertEqual(PlanRows.latencyText(entry(current: nil, changes: true)), "8.41/12.00 ms")
        XCTAssertEqual(PlanRows.latencyText(entry(current: nil, changes: true, predicted: true)), "8.41/12.00 ms*")
    }

    func testProgressSummaryAndCompletion() {
        func assignment(_ state: AssignmentState) -> AssignmentView {
            AssignmentView(
                id: UUID().uuidString, deploymentId: "dep", deviceId: "d", device: "cam", artifactId: "a", variant: "lite0",
                precision: "fp32", sizeBytes: 1, state: state, detail: state == .failed ? "checksum mismatch" : nil, updatedAt: 0,
                history: []
            )
        }
        var deployment = DeploymentView(
            id: "dep", fleet: "f", planId: "p", kind: "deploy", state: .running, stageCount: 2, currentStage: 0, maxFailures: 0,
            rollbackOf: nil,
            createdAt: 0, assignments: [assignment(.pending), assignment(.active), assignment(.downloading), assignment(.waiting)],
            events: [])
        XCTAssertEqual(DeploymentProgress(deployment).summary, "1 active, 1 downloading, 1 pending, 1 waiting")
        XCTAssertFalse(DeploymentProgress(deployment).isFinished)
        deployment.assignments = [assignment(.healthy), assignment(.failed), assignment(.superseded)]
        deployment.state = .completed
        XCTAssertTrue(DeploymentProgress(deployment).isFinished)
        XCTAssertEqual(DeploymentProgress(deployment).failed, 1)
        XCTAssertThrowsError(try DeploymentOutcome.requireNoFailure(deployment)) { error in
            XCTAssertEqual(String(describing: error), "1 of 3 assignments failed or breached their budget: cam failed (checksum mismatch)")
        }
        deployment.state = .halted
        deployment.events = [
            FleetEventView(
                at: 0, actor: "registry", kind: "deployment-halted", deploymentId: "dep", deviceId: nil,
                detail: "stage 0 (canary): 1 of 1 devices failed")
        ]
        XCTAssertThrowsError(try DeploymentOutcome.requireNoFailure(deployment)) { error in
            XCTAssertEqual(
                String(describing: error), "rollout halted: stage 0 (canary): 1 of 1 devices failed; see effctl deployments show dep")
        }
    }

    func testDeviceMatchingByIdOrName() throws {
        let hardware = HardwareReport(cpuModel: "c", cores: 4, memoryMb: 1024, architecture: "x86_64", backend: "xnnpack", threads: 1)
        func device(_ id: String, _ name: String, _ fleet: String) -> DeviceView {
            DeviceView(
                id: id, name: name, fleet: fleet, hardwareClass: hardware.hardwareClass, hardware: hardware, engineVersion: "1",
                latencyBudgetMs: nil, memoryBudgetMb: nil, lastSeen: nil)
        }
        let devices = [device("1", "cam", "a"), device("2", "cam", "b"), device("3", "door", "a")]
        XCTAssertEqual(try DeviceResolver.match("3", in: devices, fleet: nil).name, "door")
        XCTAssertEqual(try DeviceResolver.match("door", in: devices, fleet: nil).id, "3")
        XCTAssertThrowsError(try DeviceResolver.match("cam", in: devices, fleet: nil)) { error in
            XCTAssertEqual(String(describing: error), "2 devices are named 'cam' (fleets a, b): pass --fleet or the device id")
        }
        XCTAssertThrowsError(try DeviceResolver.match("gate", in: devices, fleet: "a")) { error in
            XCTAssertEqual(String(describing: error), "no device 'gate' in fleet 'a'")
        }
    }
}

/// The plan table marks where each top-1 comes from and explains it under the table.
final class Top1SourceFormattingTests: XCTestCase {
    func testTop1MarksAndNotes() {
        var entry = PlanEntryView(
            deviceId: "d1", device: "cam-1", latencyBudgetMs: 12, memoryBudgetMb: nil, decision: .assign, artifactId: "m",
            variant: "lite0", precision: "int8", latencyMs: 8, predicted: false, top1: 72.92, top1Source: "fp32-minus-disagreement",
            peakRssMb: 30,
            currentArtifactId: nil, changesCurrent: true, reason: "most accurate within budget")
        XCTAssertEqual(PlanRows.top1Text(entry), "72.9%†")
        let artifacts = [
            "m": ArtifactView(
                id: "m", variant: "lite0", precision: "int8", sizeBytes: 1, origin: "o", synthetic: false, publishedTop1: 74.4,
                top1: 72.92, top1Source: "fp32-minus-disagreement", top1Detail: "published FP32 top-1 75.1 % − 2.18 % = 72.92 %")
        ]
        let plan = PlanView(
            id: "p", fleet: "f", percentile: .p90, headroom: 0.1, allowSynthetic: false, createdAt: 0, entries: [entry, entry],
            pendingJobs: 0)
        XCTAssertEqual(
            PlanTable.notes(plan, artifacts: artifacts), ["† top-1 of lite0 int8: published FP32 top-1 75.1 % − 2.18 % = 72.92 %"])
        entry.top1Source = "published-int8"
        XCTAssertEqual(PlanRows.top1Text(entry), "72.9%‡")
        entry.top1Source = "published-fp32"
        XCTAssertEqual(PlanRows.top1Text(entry), "72.9%")
    }
}
