import Foundation

/// At most one at a time: ``enter()`` succeeds for one caller until it calls ``leave()``.
final class SingleFlight: @unchecked Sendable {
    private let lock = NSLock()
    private var busy = false

    /// Whether the caller may go ahead (then it must call ``leave()``).
    func enter() -> Bool {
        lock.withLock {
            guard !busy else { return false }
            busy = true
            return true
        }
    }

    func leave() {
        lock.withLock { busy = false }
    }
}
