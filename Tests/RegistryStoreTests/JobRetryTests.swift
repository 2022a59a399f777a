import EffFleetTesting
import FleetModel
import Foundation
import RegistryStore
import XCTest

/// Failed benchmark jobs are retried with exponential back-off, then given up; time is passed in
/// (`now:`), so no test waits.
class JobRetryTests: StoreTestCase {
    private let artifactID = String(repeating: "a", count: 64)
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Fleet `demo`, device `d1`, one artifact, and the pair's pending job.
    private func seededStore() async throws -> (any FleetStore, BenchmarkJobRecord) {
        let store = try await openStore()
        return (store, try await store.seedOneDevice(artifactID: artifactID))
    }

    func testBackOffDoublesFromTheBaseAndIsCapped() {
        let policy = JobRetryPolicy(maximumAttempts: 10, baseDelay: 30, maximumDelay: 200)
        XCTAssertEqual((1...5).map { policy.delay(afterAttempts: $0) }, [30, 60, 120, 200, 200])
        XCTAssertEqual(JobRetryPolicy.standard.maximumAttempts, 4)
        XCTAssertEqual(JobRetryPolicy.standard.delay(afterAttempts: 1000), 3600, "no overflow, capped at an hour")
    }

    func testAFailedJobIsOfferedAgainAfterItsBackOffUntilItIsGivenUp() async throws {
        let (store, job) = try await seededStore()
        var now = start
        var delays: [TimeInterval] = []
        for attempt in 1...4 {
            let offered = try await store.jobs(deviceId: "d1", offeredAt: now)
            XCTAssertEqual(offered.map(\.job.id), [job.id], "offered at attempt \(attempt)")
            let failed = try await store.failJob(id: job.id, deviceId: "d1", error: "disk full (\(attempt))", now: now).job
            XCTAssertEqual(failed.attempts, attempt)
            XCTAssertEqual(failed.error, "disk full (\(attempt))")
            guard attempt < 4 else {
                XCTAssertEqual(failed.state, .failed, "given up after the fourth failure")
                XCTAssertNil(failed.retryAfter)
                break
            }
            XCTAssertEqual(failed.state, .pending)
            let retryAfter = try XCTUnwrap(failed.retryAfter)
            delays.append(retryAfter.timeIntervalSince(now))
            let waiting = try await store.jobs(deviceId: "d1", offeredAt: retryAfter.addingTimeInterval(-1))
            XCTAssertEqual(waiting.count, 0, "not offered during its back-off")
            let pending = try await store.jobs(deviceId: "d1", state: .pending)
            XCTAssertEqual(pending.count, 1, "still pending for operators")
            now = retryAfter
        }
        XCTAssertEqual(delays, [30, 60, 120])
        let muchLater = try await store.jobs(deviceId: "d1", offeredAt: now.addingTimeInterval(86_400))
        XCTAssertEqual(muchLater.count, 0, "a job given up is never offered again")
        let snapshot = try await store.planningSnapshot(fleet: "demo")
        XCTAssertEqual(snapshot.abandonedJobs.map(\.id), [job.id])
        XCTAssertEqual(snapshot.abandonedJobs.first?.error, "disk full (4)")

        // A plan that still lists the pair does not revive it (INSERT OR IGNORE keeps the row).
        try await store.savePlan(
            PlanRecord(fleetName: "demo", percentile: .p90, headroom: 0.1, allowSynthetic: true, pendingJobs: 1), entries: [],
            jobs: [(deviceId: "d1", artifactId: artifactID, again: false)])
        let afterPlan = try await store.jobs(deviceId: "d1")
        XCTAssertEqual(afterPlan.map(\.job.state), [.failed])
    }

    func testARepeatedFailureReportDuringBackOffIsNotCountedTwice() async throws {
        let (store, job) = try await seededStore()
        let first = try await store.failJob(id: job.id, deviceId: "d1", error: "crashed", now: start).job
        let repeated = try await store.failJob(id: job.id, deviceId: "d1", error: "crashed", now: start.addingTimeInterval(1)).job
        XCTAssertEqual(repeated.attempts, 1)
        XCTAssertEqual(repeated.retryAfter, first.retryAfter)
        do {
            _ = try await store.failJob(id: job.id, deviceId: "d2", error: "not mine", now: start)
            XCTFail("another device's job")
        } catch let error as StoreError {
            XCTAssertEqual(error.kind, .notFound)
        }
    }

    func testAResultCompletesAJobInBackOff() async throws {
        let (store, job) = try await seededStore()
        _ = try await store.failJob(id: job.id, deviceId: "d1", error: "timeout", now: start)
        let result = BenchmarkResultRecord(
            id: "r1", deviceId: "d1", artifactId: artifactID,
            figures: BenchmarkFigures(
                threads: 1, runs: 30, meanMs: 8, stdMs: 0.5, minMs: 7, p50Ms: 8, p90Ms: 9,
                p99Ms: 10, maxMs: 11, initMs: 20, firstMs: 12, peakRssMb: 60, engineVersion: "0.1.0"))
        let stored = try await store.addResult(result)
        XCTAssertTrue(stored)
        let jobs = try await store.jobs(deviceId: "d1")
        XCTAssertEqual(jobs.map(\.job.state), [.done])
    }
}

/// ``JobRetryTests`` on PostgreSQL.
final class PostgresJobRetryTests: JobRetryTests {
    override class var database: StoreDatabase { .postgres }
    override func testAFailedJobIsOfferedAgainAfterItsBackOffUntilItIsGivenUp() async throws {
        try await super.testAFailedJobIsOfferedAgainAfterItsBackOffUntilItIsGivenUp()
    }
    override func testARepeatedFailureReportDuringBackOffIsNotCountedTwice() async throws {
        try await super.testARepeatedFailureReportDuringBackOffIsNotCountedTwice()
    }
    override func testAResultCompletesAJobInBackOff() async throws { try await super.testAResultCompletesAJobInBackOff() }
}
