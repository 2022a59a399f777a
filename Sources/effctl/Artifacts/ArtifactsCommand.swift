import ArgumentParser

/// `effctl artifacts …`: build and inspect artifact files, and manage the registry's artifacts.
struct ArtifactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts",
        abstract: "Build and inspect artifacts (safetensors files); push them to the registry, list and delete them there.",
        subcommands: [
            ImportTorchCommand.self, SynthCommand.self, QuantizeCommand.self, InspectCommand.self, EvaluateCommand.self,
            ArtifactsPushCommand.self, ArtifactsListCommand.self, ArtifactsShowCommand.self, ArtifactsDeleteCommand.self,
        ]
    )
}
