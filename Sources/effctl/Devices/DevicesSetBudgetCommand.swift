import ArgumentParser
import EffCtlCore
import RegistryAPI
import RegistryClient

/// `effctl devices set-budget ID [--latency-budget-ms X] [--memory-budget-mb Y]`.
struct DevicesSetBudgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-budget",
        abstract: "Change a device's latency or memory budget (the next plan uses it)."
    )

    @OptionGroup var registry: RegistryOptions
    @Option(help: "The fleet to look the device's name up in.") var fleet: String?
    @Option(parsing: .unconditional, help: "Latency budget in milliseconds.") var latencyBudgetMs: Double?
    @Option(parsing: .unconditional, help: "Memory budget in megabytes.") var memoryBudgetMb: Double?
    @Flag(help: "Print the updated device as JSON.") var json = false
    @Argument(help: "The device's id, or its name (unique, or within --fleet).") var device: String

    func validate() throws {
        guard latencyBudgetMs != nil || memoryBudgetMb != nil else {
            throw ValidationError("pass --latency-budget-ms, --memory-budget-mb or both")
        }
        if let latencyBudgetMs, let problem = LatencyBudget.problem(latencyBudgetMs) {
            throw ValidationError("--latency-budget-ms \(problem)")
        }
        if let memoryBudgetMb, !(memoryBudgetMb.isFinite && memoryBudgetMb > 0) {
            throw ValidationError("--memory-budget-mb must be a positive number")
        }
    }

    func run() async throws {
        let client = try registry.client()
        let target = try await DeviceResolver(client: client).device(device, fleet: fleet)
        let updated = try await client.updateDevice(
            id: target.id, UpdateDeviceRequest(latencyBudgetMs: latencyBudgetMs, memoryBudgetMb: memoryBudgetMb))
        if json {
            try JSONOutput.print(updated)
            return
        }
        let latency = updated.latencyBudgetMs.map { NumberText.fixed($0) + " ms" } ?? "fleet default"
        let memory = updated.memoryBudgetMb.map { NumberText.fixed($0, 0) + " MB" } ?? "none"
        print("\(updated.name) (\(updated.id)): latency budget \(latency), memory budget \(memory)")
    }
}
