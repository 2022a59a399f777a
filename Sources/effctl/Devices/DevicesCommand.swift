import ArgumentParser

/// `effctl devices …`: the registry's devices.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List and show devices; change their budgets; approve a lost device's re-enrollment; decommission one.",
        subcommands: [
            DevicesListCommand.self, DevicesShowCommand.self, DevicesSetBudgetCommand.self, DevicesApproveReenrollCommand.self,
            DevicesDeleteCommand.self,
        ]
    )
}
