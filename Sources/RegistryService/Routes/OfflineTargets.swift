import FleetModel
import Foundation
import RegistryStore

/// The devices a plan would deploy to that are offline now: a deployment leaves them out unless
/// asked to include them (`include_offline`).
enum OfflineTargets {
    /// The plan's devices with an assignment whose last heartbeat is older than the registry's
    /// offline bound, by name.
    static func find(planId: String, registry: Registry, now: Date = Date()) async throws -> [DeviceRecord] {
        try? await registry.heartbeats.flush()  // the last seconds' heartbeats count too
        let stored = try await registry.store.plan(id: planId, deviceId: nil)
        let assigned = Set(stored.entries.filter { $0.decision == "assign" }.map(\.deviceId))
        return try await registry.store.devices(fleet: stored.plan.fleetName).filter { device in
            assigned.contains(device.id)
                && DevicePresence.isOffline(lastSeen: device.lastSeenAt, now: now, offlineAfter: registry.offlineAfter)
        }.sorted { $0.name < $1.name }
    }
}
