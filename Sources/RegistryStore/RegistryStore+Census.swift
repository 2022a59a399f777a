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

        public init(online: Int = 0, offline: Int = 0, heartbeatLagSeconds: Double = 0) {
            self.online = online
            self.offline = offline
            self.heartbeatLagSeconds = heartbeatLagSeconds
        }
    }

    /// Fleet name → its devices; every fleet is present, with or without devices.
    public var devices: [String: Devices]
    /// Fleet name → deployment state (`running`, `completed`, `halted`, …) → number of deployments.
    public var deployments: [String: [String: Int]]

    public init(devices: [String: Devices], deployments: [String: [String: Int]]) {
        self.devices = devices
        self.deployments = deployments
    }
}

extension RegistryStore {
    /// Counts devices (online: seen within `onlineWithin` before `now`) and deployments by state, in one read.
    public func census(now: Date = Date(), onlineWithin: TimeInterval) async throws -> FleetCensus {
        try await read { db in
            var devices: [String: FleetCensus.Devices] = [:]
            for name in try String.fetchAll(db, sql: "SELECT name FROM fleet") { devices[name] = .init() }
            // Aggregated in SQLite (dates are stored as sortable UTC text): one row per fleet, not per device.
            let cutoff = now.addingTimeInterval(-onlineWithin)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT fleetName, COUNT(*) AS total, SUM(lastSeenAt >= :cutoff) AS online,
                        MIN(CASE WHEN lastSeenAt >= :cutoff THEN lastSeenAt END) AS oldestOnline
                    FROM device GROUP BY fleetName
                    """,
                arguments: ["cutoff": cutoff])
            for row in rows {
                let total: Int = row["total"]
                let online: Int = row["online"] ?? 0
                let oldest: Date? = row["oldestOnline"]
                devices[row["fleetName"]] = FleetCensus.Devices(
                    online: online, offline: total - online, heartbeatLagSeconds: oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
            }
            var deployments: [String: [String: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT fleetName, state, COUNT(*) AS count FROM deployment GROUP BY fleetName, state") {
                deployments[row["fleetName"] as String, default: [:]][row["state"] as String] = row["count"] as Int
            }
            return FleetCensus(devices: devices, deployments: deployments)
        }
    }
}
