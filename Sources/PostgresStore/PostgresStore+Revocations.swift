import Logging
import PostgresNIO
import RegistryStore

/// Device tokens revoked across replicas with PostgreSQL's LISTEN/NOTIFY: the transaction that
/// replaces a device's token notifies ``revocationChannel`` with the device id, delivered to every
/// listening session when it commits.
extension PostgresStore: DeviceTokenRevocations {
    /// The channel revocations are notified on.
    static let revocationChannel = "eff_device_tokens"

    /// Holds one connection of the pool listening on ``revocationChannel``.
    public func watchRevokedDeviceTokens(subscribed: @Sendable () -> Void, revoked: @Sendable (String) -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: Self.revocationChannel) { notifications in
                subscribed()
                for try await notification in notifications { revoked(notification.payload) }
            }
        }
    }

    /// Tells every replica, when the transaction commits, that `deviceId`'s token was replaced.
    static func notifyRevoked(deviceId: String, _ db: PostgresTransaction) async throws {
        try await db.execute("SELECT pg_notify(\(revocationChannel), \(deviceId))")
    }
}
