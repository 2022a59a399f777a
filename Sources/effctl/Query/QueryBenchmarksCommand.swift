import ArgumentParser
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl query benchmarks`: benchmark results, newest first. `--device` and `--since` are applied by
/// the registry; `--fleet`, `--variant` and `--precision` here.
struct QueryBenchmarksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "benchmarks", abstract: "Benchmark results, newest first.")

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var filters: QueryFilters
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let client = try registry.client()
        let since = try filters.sinceDate()
        let devices = try await client.listDevices(fleet: filters.fleet)
        if devices.isEmpty {
            try await FleetCheck.requireExists(filters.fleet, client: client)
        }
        let deviceId = try filters.device.map { try DeviceResolver.match($0, in: devices, fleet: filters.fleet).id }
        let artifacts = try await client.listArtifacts(variant: filters.variant, precision: filters.precision)
        let results = try await client.listResults(device: deviceId, since: since)
        let rows = BenchmarkRows(
            devices: Dictionary(devices.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            artifacts: Dictionary(artifacts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        )
        // Listing devices by fleet and artifacts by variant/precision leaves out the others' results.
        let kept = results.filter { rows.devices[$0.deviceId ?? ""] != nil && rows.artifacts[$0.artifactId] != nil }
        try output.print(rows.table(kept), json: kept)
    }
}
