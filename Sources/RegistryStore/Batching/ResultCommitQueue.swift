import CoreMetrics
import Foundation

/// Group commit for benchmark results. Posts that arrive while a transaction is being written
/// wait and go into the next one together, so the database commits once per batch instead of
/// once per post; with no concurrent posts a result is written at once, alone.
///
/// ``add(_:)`` returns only after the transaction holding the result has committed, so a caller
/// that acknowledges on return never acknowledges a result that is not stored. Each result's
/// outcome is its own (see ``RegistryStore/addResults(_:)``).
public actor ResultCommitQueue {
    private struct Pending {
        var result: BenchmarkResultRecord
        var continuation: CheckedContinuation<Bool, any Error>
    }

    private let store: any FleetStore
    private let maximumBatch: Int
    /// Records each transaction's number of results.
    private let batchSizes: Recorder?
    private var pending: [Pending] = []
    private var writing = false

    /// A queue writing into `store`, at most `maximumBatch` results per transaction; `batchSizes`
    /// (an aggregating recorder: a histogram) records how many results each transaction held.
    public init(store: any FleetStore, maximumBatch: Int = 512, batchSizes: Recorder? = nil) {
        self.store = store
        self.maximumBatch = max(1, maximumBatch)
        self.batchSizes = batchSizes
    }

    /// Stores `result` once: `true` if it was stored now, `false` if its id was already stored.
    /// Throws ``StoreError`` (`notFound` for an unknown device or artifact, `io` when the database fails).
    public func add(_ result: BenchmarkResultRecord) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(result: result, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    /// Writes batches until nothing is waiting.
    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            let outcomes = await store.addResults(batch.map(\.result))
            batchSizes?.record(batch.count)
            for (item, outcome) in zip(batch, outcomes) {
                item.continuation.resume(with: outcome.mapError { $0 as any Error })
            }
        }
        writing = false
    }
}
