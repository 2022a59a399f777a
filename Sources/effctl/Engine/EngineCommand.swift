import ArgumentParser

/// `effctl engine …`: run the native engine locally.
struct EngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Classify inputs and benchmark artifacts with the native engine.",
        subcommands: [ClassifyCommand.self, BenchCommand.self, ProfileCommand.self]
    )
}
