import FleetModel
import Foundation
import RegistryStore

/// `/rollouts/{id}`: a deployment's stages and every device's state. The `live` part is also
/// served alone (`/rollouts/{id}/live`) for `console.js` to refresh while the rollout runs.
struct RolloutPage: Sendable {
    struct AssignmentRow: Sendable {
        var device: String
        var deviceHref: String
        var artifact: String
        var backend: String
        var purpose: String
        var state: String
        var stateClass: String
        var detail: String
        var health: String
        var updatedAt: String
    }

    struct Stage: Sendable {
        var label: String
        var status: String
        var assignments: [AssignmentRow]
    }

    /// The part that refreshes.
    struct Live: Sendable {
        var id: String
        var liveHref: String
        var fleet: String
        var kind: String
        var state: String
        var running: Bool
        var stage: String
        var maxFailures: Int
        var createdAt: String
        var renderedAt: String
        var rollbackOf: String?
        var stages: [Stage]
        var events: [EventRow]
    }

    let signedIn = true
    var title: String
    var live: Live

    static func load(_ console: Console, id: String, now: Date = Date()) async throws -> RolloutPage {
        let details = try await console.store.deployment(id: id)
        return RolloutPage(title: "Rollout \(details.deployment.id.prefix(8))", live: live(details, now: now))
    }

    static func live(_ details: DeploymentDetails, now: Date = Date()) -> Live {
        let deployment = details.deployment
        let stages = (0..<max(deployment.stageCount, 1)).map { number in
            let label = StageJudge.label(stage: number, stageCount: deployment.stageCount)
            let status: String =
                if number < deployment.currentStage || deployment.state == .completed {
                    "done"
                } else if number == deployment.currentStage {
                    deployment.state.rawValue
                } else {
                    deployment.state == .running ? "waiting" : "cancelled"
                }
            return Stage(
                label: label, status: status,
                assignments: details.assignments.filter { $0.assignment.stage == number }.map(row))
        }
        return Live(
            id: deployment.id, liveHref: "/rollouts/\(deployment.id)/live", fleet: deployment.fleetName, kind: deployment.kind,
            state: deployment.state.rawValue, running: deployment.state == .running,
            stage: StageJudge.label(stage: deployment.currentStage, stageCount: deployment.stageCount), maxFailures: deployment.maxFailures,
            createdAt: ConsoleText.time(deployment.createdAt), renderedAt: ConsoleText.time(now),
            rollbackOf: deployment.rollbackOf, stages: stages,
            events: details.events.map(EventRow.init))
    }

    private static func row(_ details: AssignmentDetails) -> AssignmentRow {
        let assignment = details.assignment
        let health = assignment.healthLatencyMs.map { latency in
            ConsoleText.milliseconds(latency) + (assignment.healthBudgetMs.map { " of \(ConsoleText.milliseconds($0))" } ?? "")
        }
        return AssignmentRow(
            device: details.deviceName, deviceHref: "/devices/\(assignment.deviceId)",
            artifact: ConsoleText.artifact(variant: details.artifact.variant, precision: details.artifact.precision),
            backend: assignment.backend, purpose: assignment.purpose.rawValue, state: assignment.state.rawValue,
            stateClass: "state-\(assignment.state.rawValue)", detail: assignment.detail ?? "", health: health ?? "—",
            updatedAt: ConsoleText.time(assignment.updatedAt))
    }
}
