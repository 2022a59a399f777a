import ArgumentParser
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl query plans`: plans, newest first. With `--device`, `--variant` or `--precision`, one row per
/// matching plan entry instead (each plan is fetched with the registry's `device` filter).
struct QueryPlansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "Plans, newest first; with --device/--variant/--precision, their matching entries."
    )

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var filters: QueryFilters
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let client = try registry.client()
        let since = try filters.sinceDate()
        var plans = try await client.listPlans(fleet: filters.fleet)
        if plans.isEmpty {
            try await FleetCheck.requireExists(filters.fleet, client: client)
        }
        if let since {
            plans = plans.filter { $0.createdAt >= since.timeIntervalSince1970 }
        }
        guard filters.device != nil || filters.variant != nil || filters.precision != nil else {
            try output.print(PlanRows.summaries(plans), json: plans)
            return
        }
        var deviceId: String?
        if let device = filters.device {
            deviceId = try await DeviceResolver(client: client).device(device, fleet: filters.fleet).id
        }
        var detailed: [PlanView] = []
        for summary in plans {
            var plan = try await client.plan(id: summary.id, device: deviceId)
            plan.entries = plan.entries.filter { entry in
                (deviceId == nil || entry.deviceId == deviceId) && filters.matches(variant: entry.variant, precision: entry.precision)
            }
            if !plan.entries.isEmpty {
                detailed.append(plan)
            }
        }
        try output.print(PlanRows.entries(detailed), json: detailed)
    }
}
