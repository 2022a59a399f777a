import FleetModel
import Foundation
import RegistryStore

/// `/`: every fleet with its devices (online or offline, what they run, their budget) and the
/// state of its newest rollout.
struct OverviewPage: Sendable {
    struct DeviceRow: Sendable {
        var name: String
        var href: String
        var online: Bool
        var status: String
        var lastSeen: String
        var lastSeenISO: String?
        var artifact: String
        var backend: String
        var budget: String
        var hardwareClass: String
    }

    struct RolloutSummary: Sendable {
        var href: String
        var id: String
        var kind: String
        var state: String
        var running: Bool
        var stage: String
        var progress: String
        var createdAt: String
    }

    struct FleetSection: Sendable {
        var name: String
        var budget: String
        var percentile: String
        var online: Int
        var offline: Int
        var devices: [DeviceRow]
        var hasDevices: Bool
        var rollout: RolloutSummary?
        var truncated: String?
    }

    /// Most device rows shown per fleet.
    static let deviceLimit = 500
    let title = "Fleets"
    let signedIn = true
    var onlineWindow: String
    var fleets: [FleetSection]
    var noFleets: Bool

    static func load(_ console: Console, now: Date = Date()) async throws -> OverviewPage {
        let store = console.store
        let artifacts = Dictionary(try await store.artifacts().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var sections: [FleetSection] = []
        for fleet in try await store.fleets() {
            let rows = try await store.devices(fleet: fleet.name).map { device in
                row(device, fleet: fleet, artifacts: artifacts, console: console, now: now)
            }
            // Offline devices first: they are what an operator looks for.
            let shown = rows.sorted { !$0.online && $1.online }.prefix(deviceLimit)
            let newest = try await store.deployments(fleet: fleet.name).max { $0.deployment.createdAt < $1.deployment.createdAt }
            sections.append(
                FleetSection(
                    name: fleet.name, budget: ConsoleText.milliseconds(fleet.latencyBudgetMs), percentile: fleet.percentile.rawValue,
                    online: rows.filter(\.online).count, offline: rows.filter { !$0.online }.count, devices: Array(shown),
                    hasDevices: !rows.isEmpty, rollout: newest.map(summary),
                    truncated: rows.count > shown.count ? "the first \(shown.count) of \(rows.count) devices, offline first" : nil))
        }
        return OverviewPage(onlineWindow: "\(Int(console.onlineWindow)) s", fleets: sections, noFleets: sections.isEmpty)
    }

    private static func row(
        _ device: DeviceRecord, fleet: FleetRecord, artifacts: [String: ArtifactRecord], console: Console, now: Date
    ) -> DeviceRow {
        let online = console.isOnline(device, now: now)
        let artifact = device.currentArtifactId.flatMap { artifacts[$0] }
        let budget = LatencyBudget.effective(device: device.latencyBudgetMs, fleet: fleet.latencyBudgetMs)
        return DeviceRow(
            name: device.name, href: "/devices/\(device.id)", online: online, status: online ? "online" : "offline",
            lastSeen: device.lastSeenAt.map { ConsoleText.age(of: $0, now: now) } ?? "never",
            lastSeenISO: device.lastSeenAt.map(ConsoleText.isoTime),
            artifact: artifact.map { ConsoleText.artifact(variant: $0.variant, precision: $0.precision) } ?? "none",
            backend: device.currentBackend ?? "—",
            budget: ConsoleText.milliseconds(budget) + (device.latencyBudgetMs == nil ? " (fleet)" : ""),
            hardwareClass: device.hardwareClass)
    }

    static func summary(_ details: DeploymentDetails) -> RolloutSummary {
        let deployment = details.deployment
        let settled = details.assignments.filter(\.assignment.state.isSettled).count
        return RolloutSummary(
            href: "/rollouts/\(deployment.id)", id: String(deployment.id.prefix(8)), kind: deployment.kind,
            state: deployment.state.rawValue,
            running: deployment.state == .running,
            stage:
                "\(StageJudge.label(stage: deployment.currentStage, stageCount: deployment.stageCount)), \(deployment.stageCount) stages",
            progress: "\(settled) of \(details.assignments.count) devices settled", createdAt: ConsoleText.time(deployment.createdAt))
    }
}
