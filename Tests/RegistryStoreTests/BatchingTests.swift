import EffFleetTesting
import FleetModel
import Foundation
import RegistryStore
import XCTest

/// Group commit of results and coalesced heartbeats, on a real database.
class BatchingTests: StoreTestCase {
    private let artifactID = String(repeating: "a", count: 64)

    private func seededStore(devices: Int = 1) async throws -> any FleetStore {
        let store = try await openStore()
        let hardware = HardwareReport(
            cpuModel: "AMD EPYC", cores: 2, memoryMb: 24_000, architecture: "x86_64", backend: "xnnpack", threads: 1)
        try await store.createFleet(
            FleetRecord(name: "demo", enrollmentTokenHash: "e", latencyBudgetMs: 20, percentile: .p90, allowSynthetic: true))
        try await store.addArtifact(
            ArtifactRecord(
                id: artifactID, variant: "lite0", precision: "fp32", sizeBytes: 10, origin: "synthetic:1", isSynthetic: true,
                publishedTop1: 75.1))
        for index in 1...devices {
            try await store.enroll(
                DeviceRecord(
                    id: "d\(index)", name: "cam-\(index)", fleetName: "demo", tokenHash: "t\(index)", hardware: hardware,
                    engineVersion: "0.1.0", latencyBudgetMs: 10, memoryBudgetMb: nil), credential: .enrollmentToken)
        }
        return store
    }

    private func result(_ id: String, device: String = "d1", artifact: String? = nil, p90: Double = 9) -> BenchmarkResultRecord {
        BenchmarkResultRecord(
            id: id, deviceId: device, artifactId: artifact ?? artifactID,
            figures: BenchmarkFigures(
                threads: 1, runs: 50, meanMs: 8, stdMs: 0.5,
                minMs: 7, p50Ms: 8, p90Ms: p90, p99Ms: 10, maxMs: 11, initMs: 20, firstMs: 12, peakRssMb: 60, engineVersion: "0.1.0"))
    }

    func testABatchGivesEveryResultItsOwnOutcomeAndStoresEachIdOnce() async throws {
        let store = try await seededStore()
        try await store.addResult(result("old"))
        let outcomes = await store.addResults([
            result("new"), result("old", p90: 99), result("new", p90: 99), result("ghost-device", device: "nope"),
            result("ghost-artifact", artifact: "f00"), result("second"),
        ])
        XCTAssertEqual(outcomes.count, 6)
        XCTAssertEqual(try outcomes[0].get(), true)
        XCTAssertEqual(try outcomes[1].get(), false, "an id stored earlier is left alone")
        XCTAssertEqual(try outcomes[2].get(), false, "an id earlier in the same batch is left alone")
        XCTAssertThrowsError(try outcomes[3].get()) { XCTAssertEqual(($0 as? StoreError)?.kind, .notFound) }
        XCTAssertThrowsError(try outcomes[4].get()) { XCTAssertEqual(($0 as? StoreError)?.message, "no artifact f00") }
        XCTAssertEqual(try outcomes[5].get(), true, "a bad neighbour does not fail a good result")
        let stored = try await store.results(deviceId: "d1")
        XCTAssertEqual(stored.map(\.id).sorted(), ["new", "old", "second"])
        XCTAssertTrue(stored.allSatisfy { $0.p90Ms == 9 }, "retries never overwrite")
        let jobs = try await store.jobs(deviceId: "d1")
        XCTAssertEqual(jobs.map(\.job.state), [.done], "a stored result completes the pair's job")
    }

    func testConcurrentPostsThroughTheCommitQueueAreStoredExactlyOnce() async throws {
        let store = try await seededStore(devices: 4)
        let queue = ResultCommitQueue(store: store, maximumBatch: 64)
        // 400 distinct ids, each posted twice, from 4 devices, all at once.
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for attempt in 0..<2 {
                for index in 0..<400 {
                    let record = result("r\(index)", device: "d\(index % 4 + 1)", p90: Double(9 + attempt))
                    group.addTask { try await queue.add(record) }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        XCTAssertEqual(outcomes.filter { $0 }.count, 400, "every id stored by exactly one of its two posts")
        XCTAssertEqual(outcomes.filter { !$0 }.count, 400)
        let rows = try await store.results()
        XCTAssertEqual(rows.count, 400)
        do {
            _ = try await queue.add(result("orphan", device: "nope"))
            XCTFail("a result of an unknown device is refused")
        } catch let error as StoreError {
            XCTAssertEqual(error.kind, .notFound)
        }
    }

    func testHeartbeatsWaitInMemoryUntilFlushedAndNeverMoveBackwards() async throws {
        let store = try await seededStore(devices: 2)
        let heartbeats = HeartbeatCoalescer(store: store, interval: .seconds(3600))
        let later = Date(timeIntervalSince1970: 2_000_000_000)
        await heartbeats.record(deviceId: "d1", at: later)
        await heartbeats.record(deviceId: "d2", at: later)
        await heartbeats.record(deviceId: "d1", at: later.addingTimeInterval(-60))
        await heartbeats.record(deviceId: "ghost", at: later)
        let before = try await store.device(id: "d1").lastSeenAt
        XCTAssertNotEqual(before, later, "nothing is written before a flush")
        let pending = await heartbeats.pendingCount
        XCTAssertEqual(pending, 3)
        try await heartbeats.flush()
        let afterFlush = try await store.device(id: "d1").lastSeenAt?.timeIntervalSince1970
        XCTAssertEqual(afterFlush ?? 0, later.timeIntervalSince1970, accuracy: 0.01, "the newest time wins")
        let emptied = await heartbeats.pendingCount
        XCTAssertEqual(emptied, 0)
        await heartbeats.record(deviceId: "d2", at: later.addingTimeInterval(-3600))
        try await heartbeats.flush()
        let d2 = try await store.device(id: "d2").lastSeenAt?.timeIntervalSince1970
        XCTAssertEqual(d2 ?? 0, later.timeIntervalSince1970, accuracy: 0.01, "an older heartbeat does not move last seen back")
    }

    func testHeartbeatsAreWrittenWithinTheirInterval() async throws {
        let store = try await seededStore()
        let heartbeats = HeartbeatCoalescer(store: store, interval: .milliseconds(50))
        let seen = Date(timeIntervalSince1970: 2_000_000_000)
        await heartbeats.record(deviceId: "d1", at: seen)
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        var stored: Date?
        while ContinuousClock.now < deadline {
            stored = try await store.device(id: "d1").lastSeenAt
            if stored.map({ abs($0.timeIntervalSince(seen)) < 0.01 }) == true { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTAssertEqual(stored?.timeIntervalSince1970 ?? 0, seen.timeIntervalSince1970, accuracy: 0.01, "flushed without an explicit flush")
    }
}

/// ``BatchingTests`` on PostgreSQL.
final class PostgresBatchingTests: BatchingTests {
    override class var database: StoreDatabase { .postgres }
    override func testABatchGivesEveryResultItsOwnOutcomeAndStoresEachIdOnce() async throws {
        try await super.testABatchGivesEveryResultItsOwnOutcomeAndStoresEachIdOnce()
    }
    override func testConcurrentPostsThroughTheCommitQueueAreStoredExactlyOnce() async throws {
        try await super.testConcurrentPostsThroughTheCommitQueueAreStoredExactlyOnce()
    }
    override func testHeartbeatsWaitInMemoryUntilFlushedAndNeverMoveBackwards() async throws {
        try await super.testHeartbeatsWaitInMemoryUntilFlushedAndNeverMoveBackwards()
    }
    override func testHeartbeatsAreWrittenWithinTheirInterval() async throws {
        try await super.testHeartbeatsAreWrittenWithinTheirInterval()
    }
}
