import Foundation

/// Online or offline, by the registry's bound on heartbeat silence (`effregistry serve --offline-after`).
public enum DevicePresence {
    /// Whether a device last heard from at `lastSeen` (nil: never) is offline at `now`: silent for
    /// longer than `offlineAfter` seconds.
    public static func isOffline(lastSeen: Date?, now: Date, offlineAfter: TimeInterval) -> Bool {
        guard let lastSeen else { return true }
        return now.timeIntervalSince(lastSeen) > offlineAfter
    }
}
