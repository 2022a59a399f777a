import Foundation
import RegistryStore

/// What a device token proves: which device is calling. Only fields that never change after
/// enrollment, so that a cached identity is never stale in what it says.
struct DeviceIdentity: Hashable, Sendable {
    var id: String
    var name: String
    var fleetName: String

    init(_ device: DeviceRecord) {
        id = device.id
        name = device.name
        fleetName = device.fleetName
    }
}

/// Token hash → device, in memory, so that a device's request costs no database read to
/// authenticate.
///
/// Invalidation: an entry lives at most ``lifetime`` after it was read from the database, so a
/// device deleted or given a new token — by this process or by anything else writing the
/// database — stops being authorized within that time; code in this process that deletes a device
/// or replaces its token calls ``forget(deviceId:)`` and it stops at once. Unknown tokens are not
/// cached, so a device is authorized as soon as it has enrolled. The cache holds at most
/// ``capacity`` entries (it is emptied when full) and keys are token hashes, never tokens.
final class DeviceTokenCache: @unchecked Sendable {
    private struct Entry {
        var device: DeviceIdentity
        var expires: ContinuousClock.Instant
    }

    let lifetime: Duration
    let capacity: Int
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    init(lifetime: Duration = .seconds(10), capacity: Int = 200_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The device whose token hashes to `tokenHash`: from memory while fresh, else from `load`.
    func device(tokenHash: String, load: () async throws -> DeviceRecord?) async rethrows -> DeviceIdentity? {
        let now = ContinuousClock.now
        if let cached = lock.withLock({ entries[tokenHash] }), cached.expires > now {
            return cached.device
        }
        guard let record = try await load() else {
            lock.withLock { entries[tokenHash] = nil }
            return nil
        }
        let device = DeviceIdentity(record)
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[tokenHash] = Entry(device: device, expires: now.advanced(by: lifetime))
        }
        return device
    }

    /// Drops every entry of `deviceId` (after it was deleted or given a new token).
    func forget(deviceId: String) {
        lock.withLock { entries = entries.filter { $0.value.device.id != deviceId } }
    }

    /// Drops every entry.
    func removeAll() {
        lock.withLock { entries.removeAll() }
    }
}
