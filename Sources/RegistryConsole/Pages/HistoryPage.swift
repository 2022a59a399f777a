import Foundation
import RegistryStore

/// `/history[?fleet=]`: the fleet event log (deployments, stages, rollbacks, enrollments, budget
/// changes), newest first.
struct HistoryPage: Sendable {
    struct Row: Sendable {
        var at: String
        var fleet: String
        var actor: String
        var kind: String
        var rolloutHref: String?
        var rollout: String?
        var deviceHref: String?
        var device: String?
        var detail: String
    }

    struct FleetOption: Sendable {
        var name: String
        var selected: Bool
    }

    let title = "History"
    let signedIn = true
    /// Most events shown.
    static let limit = 500
    var fleets: [FleetOption]
    var allFleets: Bool
    var events: [Row]
    var hasEvents: Bool
    var truncated: String?

    static func load(_ console: Console, fleet: String?) async throws -> HistoryPage {
        let store = console.store
        let names = try await store.fleets().map(\.name)
        let selected = fleet.flatMap { names.contains($0) ? $0 : nil }
        let events = try await store.events(fleet: selected, deviceId: nil)
        let devices = Dictionary(try await store.devices(fleet: selected).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let rows = events.suffix(limit).reversed().map { event in
            Row(
                at: ConsoleText.time(event.at), fleet: event.fleetName, actor: event.actor, kind: event.kind,
                rolloutHref: event.deploymentId.map { "/rollouts/\($0)" }, rollout: event.deploymentId.map { String($0.prefix(8)) },
                deviceHref: event.deviceId.map { "/devices/\($0)" }, device: event.deviceId.map { devices[$0] ?? String($0.prefix(8)) },
                detail: event.detail ?? "")
        }
        return HistoryPage(
            fleets: names.map { FleetOption(name: $0, selected: $0 == selected) }, allFleets: selected == nil, events: rows,
            hasEvents: !rows.isEmpty, truncated: events.count > limit ? "the newest \(limit) of \(events.count) events" : nil)
    }
}
