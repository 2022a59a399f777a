import ArgumentParser
import EffCtlCore
import RegistryAPI

/// `effctl devices show ID`.
struct DevicesShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one device.")

    @OptionGroup var registry: RegistryOptions
    @Option(help: "The fleet to look the device's name up in.") var fleet: String?
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The device's id, or its name (unique, or within --fleet).") var device: String

    func run() async throws {
        let client = try registry.client()
        let view = try await DeviceResolver(client: client).device(device, fleet: fleet)
        if json {
            try JSONOutput.print(view)
            return
        }
        let hardware = view.hardware
        print("id              \(view.id)")
        print("name            \(view.name)")
        print("fleet           \(view.fleet)")
        print("hardware class  \(view.hardwareClass)")
        print("cpu             \(hardware.cpuModel), \(hardware.cores) cores, \(hardware.architecture)")
        print("memory          \(hardware.memoryMb) MB")
        print("engine          \(view.engineVersion), \(hardware.backend), \(hardware.threads) threads")
        print("latency budget  \(view.latencyBudgetMs.map { NumberText.fixed($0) + " ms" } ?? "fleet default")")
        print("memory budget   \(view.memoryBudgetMb.map { NumberText.fixed($0, 0) + " MB" } ?? "none")")
        print("last seen       \(TimeText.format(view.lastSeen))")
        print("current         \(view.currentArtifactId ?? "-")")
    }
}
