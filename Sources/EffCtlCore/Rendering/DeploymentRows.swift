import EffCore
import RegistryAPI

/// A deployment as tables: its devices, and its history.
public enum DeploymentRows {
    /// `5 assignments in 3 stages: 1 + 2 + 2 devices`: the layout, stage by stage.
    public static func layout(_ deployment: DeploymentView) -> String {
        let head = deployment.assignments.count.counted("assignment")
        guard deployment.stageCount > 1 else { return head }
        let sizes = (0..<deployment.stageCount).map { stage in String(deployment.assignments.count(where: { $0.stage == stage })) }
        return "\(head) in \(deployment.stageCount) stages: \(sizes.joined(separator: " + ")) devices"
    }

    /// One row per assignment: stage, purpose, artifact, state, in-service latency against budget, detail.
    public static func devices(_ deployment: DeploymentView) -> Table {
        var table = Table(columns: [
            .init("stage", .right), .init("device"), .init("purpose"), .init("variant"), .init("precision"), .init("backend"),
            .init("state"), .init("in service/budget", .right), .init("detail"),
        ])
        for assignment in deployment.assignments {
            let health = assignment.healthLatencyMs.map { latency in
                "\(NumberText.fixed(latency))/\(assignment.healthBudgetMs.map { NumberText.fixed($0) } ?? "-") ms"
            }
            table.append([
                String(assignment.stage + 1), assignment.device, assignment.purpose, assignment.variant, assignment.precision,
                assignment.backend ?? "xnnpack", assignment.state.rawValue, health ?? "-", assignment.detail ?? "-",
            ])
        }
        return table
    }

    /// The deployments' assignments' state changes and `events` (the deployments' own when nil),
    /// oldest first. Devices go by name (from the assignments, else `devices`); only a device known
    /// by neither (deleted since) shows the start of its id.
    public static func history(_ deployments: [DeploymentView], events: [FleetEventView]? = nil, devices: [DeviceView] = []) -> Table {
        var names = Dictionary(devices.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        for assignment in deployments.flatMap(\.assignments) { names[assignment.deviceId] = assignment.device }
        var rows: [(at: Double, cells: [String])] = []
        for event in events ?? deployments.flatMap(\.events) {
            let deployment = event.deploymentId.map { String($0.prefix(8)) } ?? "-"
            rows.append(
                (
                    event.at,
                    [
                        TimeText.format(event.at), deployment, event.actor, event.kind,
                        event.deviceId.map { names[$0] ?? String($0.prefix(8)) } ?? "-",
                        event.detail ?? "-",
                    ]
                ))
        }
        for deployment in deployments {
            for assignment in deployment.assignments {
                for change in assignment.history {
                    rows.append(
                        (
                            change.at,
                            [
                                TimeText.format(change.at), String(deployment.id.prefix(8)), change.actor, change.state.rawValue,
                                assignment.device, change.detail ?? "-",
                            ]
                        ))
                }
            }
        }
        var table = Table(columns: [.init("time"), .init("deployment"), .init("who"), .init("what"), .init("device"), .init("detail")])
        for row in rows.enumerated().sorted(by: { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }) {
            table.append(row.element.cells)
        }
        return table
    }
}
