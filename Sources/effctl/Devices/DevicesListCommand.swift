import ArgumentParser
import EffCtlCore
import RegistryAPI
import RegistryClient

/// `effctl devices list [--fleet F]`.
struct DevicesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List devices.")

    @OptionGroup var registry: RegistryOptions
    @Option(help: "Only the devices of this fleet.") var fleet: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let client = try registry.client()
        let devices = try await client.listDevices(fleet: fleet)
        if devices.isEmpty {
            try await FleetCheck.requireExists(fleet, client: client)
        }
        try output.print(DeviceRows.table(devices), json: devices)
    }
}
