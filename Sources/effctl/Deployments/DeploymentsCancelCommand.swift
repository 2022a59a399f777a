import ArgumentParser
import EffCtlCore
import FleetModel
import RegistryAPI
import RegistryClient

/// `effctl deployments cancel ID`.
struct DeploymentsCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Stop a running rollout: devices not yet started are left as they are; those under way finish."
    )

    @OptionGroup var registry: RegistryOptions
    @Argument(help: "The deployment id, or a unique prefix of it.") var id: String

    func run() async throws {
        let client = try registry.client()
        let target = try await RegistryResolver(client: client).deployment(id)
        let deployment = try await client.cancelDeployment(id: target.id)
        let cancelled = deployment.assignments.count(where: { $0.state == .cancelled })
        print("cancelled deployment \(deployment.id): \(cancelled) assignment\(cancelled == 1 ? "" : "s") not started")
    }
}
