import ArgumentParser
import EffCtlCore
import RegistryAPI
import RegistryClient

/// `effctl fleets list`.
struct FleetsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List fleets.")

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let fleets = try await registry.client().listFleets()
        var table = Table(columns: [.init("fleet"), .init("budget ms", .right), .init("percentile"), .init("devices", .right)])
        for fleet in fleets {
            table.append([fleet.name, NumberText.fixed(fleet.latencyBudgetMs), fleet.percentile.rawValue, String(fleet.devices)])
        }
        try output.print(table, json: fleets)
    }
}
