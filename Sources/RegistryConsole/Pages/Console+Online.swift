import Foundation
import RegistryStore

extension Console {
    /// Whether `device` was seen within the online window before `now`.
    func isOnline(_ device: DeviceRecord, now: Date) -> Bool {
        device.lastSeenAt.map { now.timeIntervalSince($0) <= onlineWindow } ?? false
    }
}
