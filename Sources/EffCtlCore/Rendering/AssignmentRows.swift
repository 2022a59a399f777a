import RegistryAPI

/// Deployments as table rows: one per assignment.
public enum AssignmentRows {
    public static func table(_ deployments: [DeploymentView]) -> Table {
        var table = Table(columns: [
            .init("deployment"), .init("device"), .init("variant"), .init("precision"), .init("backend"), .init("state"), .init("detail"),
            .init("updated"),
        ])
        for deployment in deployments {
            for assignment in deployment.assignments {
                table.append([
                    deployment.id, assignment.device, assignment.variant, assignment.precision, assignment.backend ?? "xnnpack",
                    assignment.state.rawValue,
                    assignment.detail ?? "-", TimeText.format(assignment.updatedAt),
                ])
            }
        }
        return table
    }
}
