import ArgumentParser
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl query devices`: devices; `--since` keeps those seen since then, `--variant`/`--precision`
/// those whose current artifact matches.
struct QueryDevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "devices", abstract: "Devices (--since: seen since).")

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var filters: QueryFilters
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let client = try registry.client()
        let since = try filters.sinceDate()
        let artifacts = Dictionary(try await client.listArtifacts().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var devices = try await client.listDevices(fleet: filters.fleet)
        if devices.isEmpty {
            try await FleetCheck.requireExists(filters.fleet, client: client)
        }
        if let wanted = filters.device {
            devices = [try DeviceResolver.match(wanted, in: devices, fleet: filters.fleet)]
        }
        if let since {
            devices = devices.filter { ($0.lastSeen ?? 0) >= since.timeIntervalSince1970 }
        }
        if filters.variant != nil || filters.precision != nil {
            devices = devices.filter { device in
                let current = device.currentArtifactId.flatMap { artifacts[$0] }
                return current != nil && filters.matches(variant: current?.variant, precision: current?.precision)
            }
        }
        try output.print(DeviceRows.table(devices, artifacts: artifacts), json: devices)
    }
}
