import ArgumentParser
import EffCtlCore
import RegistryAPI
import RegistryClient

/// `effctl query artifacts`: the registry's artifacts by variant and precision.
struct QueryArtifactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "artifacts", abstract: "Artifacts (--variant, --precision).")

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var filters: QueryFilters
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try filters.refuse([\.fleet: "fleet", \.device: "device", \.since: "since"], for: "artifacts")
        let artifacts = try await registry.client().listArtifacts(variant: filters.variant, precision: filters.precision)
        try output.print(ArtifactRows.table(artifacts), json: artifacts)
    }
}
