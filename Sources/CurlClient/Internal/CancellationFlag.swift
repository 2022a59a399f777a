import Foundation

/// A flag that a task's cancellation handler raises and a transfer's progress callback reads.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    /// Whether ``cancel()`` was called.
    var isCancelled: Bool {
        self.lock.withLock { self.cancelled }
    }

    /// Raises the flag.
    func cancel() {
        self.lock.withLock { self.cancelled = true }
    }
}
