import ArgumentParser
import RegistryAPI

/// `effctl artifacts show ID`: one artifact.
struct ArtifactsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one of the registry's artifacts.")

    @OptionGroup var registry: RegistryOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The artifact's id (its sha256).") var id: String

    func run() async throws {
        let artifact = try await registry.client().artifact(id: id)
        if json {
            try JSONOutput.print(artifact)
            return
        }
        print("id          \(artifact.id)")
        print("variant     \(artifact.variant)")
        print("precision   \(artifact.precision)")
        print("size        \(artifact.sizeBytes) bytes (\(NumberText.mebibytes(artifact.sizeBytes)))")
        print("origin      \(artifact.origin)")
        print("synthetic   \(artifact.synthetic ? "yes" : "no")")
        print("top-1       \(NumberText.percent(artifact.publishedTop1)) (published)")
    }
}
