import ArgumentParser

/// `effctl fleets …`: the registry's fleets.
struct FleetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleets",
        abstract: "Create and list fleets.",
        subcommands: [FleetsCreateCommand.self, FleetsListCommand.self, FleetsRotateTokenCommand.self, FleetsDeleteCommand.self]
    )
}
