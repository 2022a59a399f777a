import ArgumentParser

/// The EffFleet operator CLI.
@main
struct EffCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "effctl",
        abstract: "Operate EffFleet: build and inspect artifacts, run and benchmark the engine.",
        subcommands: [ArtifactsCommand.self, EngineCommand.self]
    )
}
