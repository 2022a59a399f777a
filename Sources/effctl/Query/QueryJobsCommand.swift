import ArgumentParser
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl query jobs`: benchmark jobs, oldest first, with their failed attempts and back-off.
/// `--fleet`, `--device` and `--state` are applied by the registry; `--variant` and `--precision` here.
struct QueryJobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Benchmark jobs, oldest first, with failed attempts and when a failed job is retried.")

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var filters: QueryFilters
    @Option(help: "Only jobs in this state: pending (including those waiting to be retried), done or failed (given up).")
    var state: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try filters.refuse([\.since: "since"], for: "jobs")
        let client = try registry.client()
        let devices = try await client.listDevices(fleet: filters.fleet)
        if devices.isEmpty {
            try await FleetCheck.requireExists(filters.fleet, client: client)
        }
        let deviceId = try filters.device.map { try DeviceResolver.match($0, in: devices, fleet: filters.fleet).id }
        let jobs = try await client.listJobs(fleet: filters.fleet, state: state, device: deviceId)
            .filter { filters.matches(variant: $0.variant, precision: $0.precision) }
        let rows = JobRows(devices: Dictionary(devices.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
        try output.print(rows.table(jobs), json: jobs)
    }
}
