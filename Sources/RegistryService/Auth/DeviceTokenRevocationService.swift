import Logging
import RegistryStore
import ServiceLifecycle

/// Keeps this replica's ``DeviceTokenCache`` in step with tokens replaced by any replica of a
/// shared database (``RegistryStore/DeviceTokenRevocations``): a revoked device is forgotten as soon
/// as the notification arrives. Each time it (re)subscribes it empties the cache, since revocations
/// made while it was not listening were missed; until it has subscribed, entries still expire after
/// the cache's lifetime.
struct DeviceTokenRevocationService: Service {
    let revocations: any DeviceTokenRevocations
    let cache: DeviceTokenCache
    let logger: Logger
    /// The wait before subscribing again after the connection failed.
    var retryDelay: Duration = .seconds(1)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await revocations.watchRevokedDeviceTokens(
                        subscribed: { cache.removeAll() }, revoked: { deviceId in cache.forget(deviceId: deviceId) })
                } catch {
                    guard !Task.isCancelled else { return }
                    logger.warning("device token revocations not watched, subscribing again: \(error)")
                }
                try? await Task.sleep(for: retryDelay)
            }
        }
    }
}
