import Foundation

/// Coalesces heartbeats: a heartbeat only notes the time in memory, and the newest time of every
/// device that beat is written in one transaction at most ``interval`` later (and by ``flush()``,
/// which the service calls at shutdown). A device's `lastSeenAt` therefore lags by up to the
/// interval, and a crash loses at most the last interval's heartbeats; they are liveness hints, so
/// the next heartbeat repairs that. Times never move backwards: an older time does not overwrite a
/// newer one.
public actor HeartbeatCoalescer {
    private let store: any FleetStore
    /// Longest a heartbeat waits in memory before it is written.
    public let interval: Duration
    private var pending: [String: Date] = [:]
    private var flushScheduled = false

    public init(store: any FleetStore, interval: Duration = .seconds(1)) {
        self.store = store
        self.interval = interval
    }

    /// Notes that `deviceId` was seen at `date`.
    public func record(deviceId: String, at date: Date = Date()) {
        if let known = pending[deviceId], known >= date { return }
        pending[deviceId] = date
        scheduleFlush()
    }

    /// Heartbeats noted but not written yet.
    public var pendingCount: Int { pending.count }

    /// Writes every noted heartbeat now. On failure the heartbeats stay noted (the next flush
    /// retries them) and the error is thrown.
    public func flush() async throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = [:]
        do {
            try await store.markSeen(batch)
        } catch {
            for (deviceId, date) in batch where (pending[deviceId] ?? .distantPast) < date {
                pending[deviceId] = date
            }
            throw error
        }
    }

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        let interval = self.interval
        Task {
            try? await Task.sleep(for: interval)
            await self.scheduledFlush()
        }
    }

    private func scheduledFlush() async {
        flushScheduled = false
        do {
            try await flush()
        } catch {
            scheduleFlush()  // the heartbeats are kept: try again after another interval
        }
    }
}
