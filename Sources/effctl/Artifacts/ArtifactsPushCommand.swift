import ArgumentParser
import EffCtlCore
import RegistryAPI
import RegistryClient

/// `effctl artifacts push FILE…`: upload artifacts to the registry.
struct ArtifactsPushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Upload artifact files to the registry; prints each one's id, variant and precision."
    )

    @OptionGroup var registry: RegistryOptions
    @Flag(help: "Print the uploaded artifacts as JSON.") var json = false
    @Argument(help: "Artifact files (.safetensors).") var files: [String]

    func validate() throws {
        if files.isEmpty {
            throw ValidationError("name at least one artifact file")
        }
    }

    func run() async throws {
        let client = try registry.client()
        var uploaded: [ArtifactView] = []
        for file in files {
            let artifact: ArtifactView
            do {
                artifact = try await client.uploadArtifact(path: file)
            } catch {
                throw CLIError("\(file): \(error)")
            }
            uploaded.append(artifact)
            if !json {
                let synthetic = artifact.synthetic ? " synthetic" : ""
                print("\(artifact.id)  \(artifact.variant)  \(artifact.precision)\(synthetic)  \(file)")
            }
        }
        if json {
            try JSONOutput.print(uploaded)
        }
    }
}
