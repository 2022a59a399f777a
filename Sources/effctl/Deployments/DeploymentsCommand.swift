import ArgumentParser

/// `effctl deployments …`: one deployment in detail.
struct DeploymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deployments",
        abstract: "Show what a deployment did to every device, and why; cancel a running one.",
        subcommands: [DeploymentsShowCommand.self, DeploymentsCancelCommand.self]
    )
}
