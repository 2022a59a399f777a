import ArgumentParser
import EffCtlCore
import RegistryAPI
import RegistryClient

/// `effctl artifacts delete ID`.
struct ArtifactsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete an artifact's blob and stop its benchmarks; refused while a device runs it or a rollout assigns it."
    )

    @OptionGroup var registry: RegistryOptions
    @Argument(help: "The artifact's id (its sha256), or a unique prefix of it.") var id: String

    func run() async throws {
        let client = try registry.client()
        let artifact = try await RegistryResolver(client: client).artifact(id)
        try await client.deleteArtifact(id: artifact.id)
        print("deleted artifact \(artifact.id) (\(artifact.variant) \(artifact.precision))")
    }
}
