import ArgumentParser
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl deployments show ID`: the deployment's state, every device's assignment with its
/// in-service health, and the history (who did what, when).
struct DeploymentsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A deployment, device by device, with its history.")

    @OptionGroup var registry: RegistryOptions
    @Argument(help: "The deployment id, or a unique prefix of it.") var id: String
    @Flag(help: "Print the deployment as JSON.") var json = false

    func run() async throws {
        let client = try registry.client()
        let deployment = try await RegistryResolver(client: client).deployment(id)
        if json {
            try JSONOutput.print(deployment)
            return
        }
        let rollback = deployment.rollbackOf.map { ", rolls back \($0)" } ?? ""
        print("\(deployment.kind) \(deployment.id) of fleet \(deployment.fleet) (plan \(deployment.planId)\(rollback))")
        print(
            "state \(deployment.state.rawValue), stage \(deployment.currentStage + 1) of \(deployment.stageCount), at most "
                + "\(deployment.maxFailures) failures per stage"
        )
        print("")
        print(DeploymentRows.devices(deployment).rendered(), terminator: "")
        print("")
        print(DeploymentRows.history([deployment]).rendered(), terminator: "")
    }
}
