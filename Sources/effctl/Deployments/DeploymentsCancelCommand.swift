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
    @Argument(help: "The deployment id.") var id: String

    func run() async throws {
        let deployment = try await registry.client().cancelDeployment(id: id)
        let cancelled = deployment.assignments.count(where: { $0.state == .cancelled })
        print("cancelled deployment \(deployment.id): \(cancelled) assignment\(cancelled == 1 ? "" : "s") not started")
    }
}
