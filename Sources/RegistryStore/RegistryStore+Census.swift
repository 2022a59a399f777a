import Foundation
import GRDB

/// What the registry's gauges show at a scrape: devices online and offline per fleet, how late
/// the online ones are, and deployments per fleet and state.
public struct FleetCensus: Sendable, Equatable {
    /// One fleet's devices.
    public struct Devices: Sendable, Equatable {
        /// Seen within the threshold.
        public var online = 0
        /// Never seen, or not within the threshold.
        public var offline = 0
        /// Longest time since an online device's last heartbeat (0 without online devices).
        public var heartbeatLagSeconds = 0.0
    }

    /// Fleet name → its devices; every fleet is present, with or without devices.
    public var devices: [String: Devices]
    /// Fleet name → deployment state (`running`, `completed`, `halted`) → number of deployments.
    public var deployments: [String: [String: Int]]
}

extension RegistryStore {
    /// Counts devices (online: seen within `onlineWithin` before `now`) and deployments by state, in one read.
    public func census(now: Date = Date(), onlineWithin: TimeInterval) async throws -> FleetCensus {
        try await read { db in
            var devices: [String: FleetCensus.Devices] = [:]
            for name in try String.fetchAll(db, sql: "SELECT name FROM fleet") { devices[name] = .init() }
            let seen = try Row.fetchCursor(db, sql: "SELECT fleetName, lastSeenAt FROM device")
            while let row = try seen.next() {
                let fleet: String = row["fleetName"]
                let lag = (row["lastSeenAt"] as Date?).map { max(0, now.timeIntervalSince($0)) }
                if let lag, lag <= onlineWithin {
                    devices[fleet, default: .init()].online += 1
                    devices[fleet, default: .init()].heartbeatLagSeconds = max(devices[fleet]?.heartbeatLagSeconds ?? 0, lag)
                } else {
                    devices[fleet, default: .init()].offline += 1
                }
            }
            var deployments: [String: [String: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT fleetName, state, COUNT(*) AS count FROM deployment GROUP BY fleetName, state") {
                deployments[row["fleetName"] as String, default: [:]][row["state"] as String] = row["count"] as Int
            }
            return FleetCensus(devices: devices, deployments: deployments)
        }
    }
}
