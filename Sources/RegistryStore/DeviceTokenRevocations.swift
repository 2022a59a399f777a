/// A store that several registry processes share tells each of them whose device token another one
/// replaced, so that every process stops accepting the old token at once rather than when its cache
/// entry expires.
public protocol DeviceTokenRevocations: Sendable {
    /// Calls `subscribed` once revocations are being watched, then `revoked` with the id of each
    /// device whose token is replaced (by any process), until cancelled or the connection fails
    /// (then it throws; revocations made until the next call are missed, so the caller forgets what
    /// it cached when `subscribed` is called again).
    func watchRevokedDeviceTokens(subscribed: @Sendable () -> Void, revoked: @Sendable (String) -> Void) async throws
}
