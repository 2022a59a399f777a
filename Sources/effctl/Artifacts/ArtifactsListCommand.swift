import ArgumentParser
import EffCtlCore
import RegistryAPI
import RegistryClient

/// `effctl artifacts list`: the registry's artifacts.
struct ArtifactsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registry's artifacts.")

    @OptionGroup var registry: RegistryOptions
    @Option(help: "Only this variant (lite0…lite4).") var variant: String?
    @Option(help: "Only this precision (fp32, int8).") var precision: String?

    func validate() throws {
        try QueryFilters.check(variant: variant, precision: precision)
    }
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let artifacts = try await registry.client().listArtifacts(variant: variant, precision: precision)
        try output.print(ArtifactRows.table(artifacts), json: artifacts)
    }
}
