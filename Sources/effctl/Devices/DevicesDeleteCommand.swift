import ArgumentParser
import EffCtlCore
import RegistryAPI
import RegistryClient

/// `effctl devices delete DEVICE`: decommission a device.
struct DevicesDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Decommission a device: its token stops working at once; its results, jobs and assignments go."
    )

    @OptionGroup var registry: RegistryOptions
    @Option(help: "The fleet to look the device's name up in.") var fleet: String?
    @Argument(help: "The device's id, or its name (unique, or within --fleet).") var device: String

    func run() async throws {
        let client = try registry.client()
        let target = try await DeviceResolver(client: client).device(device, fleet: fleet)
        try await client.deleteDevice(id: target.id)
        print("deleted device \(target.name) (\(target.id)) of fleet \(target.fleet)")
    }
}
