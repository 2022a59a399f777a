import PostgresNIO
import PostgresStore

extension PostgresStore {
    /// Sessions on this store's database whose last statement was a LISTEN: replicas watching
    /// revocations (``PostgresStore/PostgresStore/watchRevokedDeviceTokens(subscribed:revoked:)``).
    public func listeningSessions() async throws -> Int {
        let rows = try await client.query(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'")
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
