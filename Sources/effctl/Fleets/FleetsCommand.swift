import ArgumentParser

/// `effctl fleets …`: the registry's fleets.
struct FleetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleets",
        abstract: "Create, list and delete fleets; rotate enrollment tokens; measure again.",
        subcommands: [
            FleetsCreateCommand.self, FleetsListCommand.self, FleetsRotateTokenCommand.self, FleetsRemeasureCommand.self,
            FleetsDeleteCommand.self,
        ]
    )
}
