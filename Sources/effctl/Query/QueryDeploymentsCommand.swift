import ArgumentParser
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl query deployments`: one row per assignment of every deployment, newest deployment first
/// (`--history`: the append-only history of who did what, when).
/// `--fleet` is applied by the registry, the other filters here (`--since` on the deployment's creation).
struct QueryDeploymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deployments",
        abstract: "Deployments, one row per device assignment, newest first."
    )

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var filters: QueryFilters
    @OptionGroup var output: OutputOptions
    @Flag(help: "Show the history instead: every deployment event and assignment state change, oldest first.") var history = false

    func run() async throws {
        let client = try registry.client()
        let since = try filters.sinceDate()
        var deployments = try await client.listDeployments(fleet: filters.fleet)
        if deployments.isEmpty {
            try await FleetCheck.requireExists(filters.fleet, client: client)
        }
        if let since {
            deployments = deployments.filter { $0.createdAt >= since.timeIntervalSince1970 }
        }
        var deviceId: String?
        if let device = filters.device {
            deviceId = try await DeviceResolver(client: client).device(device, fleet: filters.fleet).id
        }
        deployments = deployments.compactMap { deployment in
            var kept = deployment
            kept.assignments = deployment.assignments.filter { assignment in
                (deviceId == nil || assignment.deviceId == deviceId)
                    && filters.matches(variant: assignment.variant, precision: assignment.precision)
            }
            let filtered = deviceId != nil || filters.variant != nil || filters.precision != nil
            return filtered && kept.assignments.isEmpty ? nil : kept
        }
        guard history else {
            try output.print(AssignmentRows.table(deployments), json: deployments)
            return
        }
        // The history also holds what no deployment did: enrollments, budget changes, token rotations.
        var events = try await client.events(fleet: filters.fleet, device: deviceId)
        if let since { events = events.filter { $0.at >= since.timeIntervalSince1970 } }
        let shown = Set(deployments.map(\.id))
        events = events.filter { $0.deploymentId.map(shown.contains) ?? true }
        let devices = try await client.listDevices(fleet: filters.fleet)
        try output.print(DeploymentRows.history(deployments, events: events, devices: devices), json: events)
    }
}
