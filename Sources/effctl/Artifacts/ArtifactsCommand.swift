import ArgumentParser

/// `effctl artifacts …`: build and inspect artifact files.
struct ArtifactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts",
        abstract: "Build and inspect artifacts (safetensors files).",
        subcommands: [ImportTorchCommand.self, SynthCommand.self, QuantizeCommand.self, InspectCommand.self, EvaluateCommand.self]
    )
}
