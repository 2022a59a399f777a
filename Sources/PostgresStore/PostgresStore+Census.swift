import Foundation
import PostgresNIO
import RegistryStore

extension PostgresStore {
    /// Counts devices (online: seen within `onlineWithin` before `now`) and deployments by state,
    /// as the SQLite store's census: aggregated in the database, one row per fleet.
    public func census(now: Date, onlineWithin: TimeInterval) async throws -> FleetCensus {
        try await read { db in
            var devices: [String: FleetCensus.Devices] = [:]
            for row in try await db.all("SELECT name FROM fleet") { devices[try row("name")] = .init() }
            let cutoff = now.addingTimeInterval(-onlineWithin)
            let rows = try await db.all(
                """
                SELECT fleet_name, count(*) AS total, count(*) FILTER (WHERE last_seen_at >= \(cutoff)) AS online,
                       min(last_seen_at) FILTER (WHERE last_seen_at >= \(cutoff)) AS oldest_online
                FROM device GROUP BY fleet_name
                """)
            for row in rows {
                let total: Int = try row("total")
                let online: Int = try row("online")
                let oldest: Date? = try row("oldest_online")
                devices[try row("fleet_name")] = FleetCensus.Devices(
                    online: online, offline: total - online, heartbeatLagSeconds: oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
            }
            var deployments: [String: [String: Int]] = [:]
            for row in try await db.all("SELECT fleet_name, state, count(*) AS count FROM deployment GROUP BY fleet_name, state") {
                deployments[try row("fleet_name") as String, default: [:]][try row("state") as String] = try row("count") as Int
            }
            return FleetCensus(devices: devices, deployments: deployments)
        }
    }
}
