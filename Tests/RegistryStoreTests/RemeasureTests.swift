import EffCore
import EffFleetTesting
import FleetModel
import Foundation
import RegistryStore
import XCTest

/// `remeasure` opens a fleet's measured pairs for another round, and plans pool a pair's newest
/// stable results (medians), so one slow round moves no decision.
class RemeasureTests: StoreTestCase {
    private let artifactID = String(repeating: "b", count: 64)

    /// Fleet `demo`, device `d1`, one artifact, and its pending job.
    private func seededStore() async throws -> any FleetStore {
        let store = try await openStore()
        _ = try await store.seedOneDevice(artifactID: artifactID)
        return store
    }

    /// A stable result of `d1` for the artifact with this p90 (other figures in proportion).
    private func result(_ id: String, p90: Double, upper: Double, unstable: Bool = false, at seconds: Double) -> BenchmarkResultRecord {
        var figures = BenchmarkFigures(
            threads: 1, runs: 90, meanMs: p90 * 0.95, stdMs: 0.1, minMs: p90 * 0.8, p50Ms: p90 * 0.95, p90Ms: p90,
            p99Ms: p90 * 1.1, maxMs: p90 * 1.2, initMs: 20, firstMs: 12, peakRssMb: 60, engineVersion: "0.1.0")
        figures.intervals = LatencyIntervals(
            p50: PercentileInterval(lower: p90 * 0.9, upper: p90 * 0.97), p90: PercentileInterval(lower: p90 * 0.97, upper: upper),
            p99: PercentileInterval(lower: p90 * 1.05, upper: p90 * 1.2))
        figures.unstable = unstable
        return BenchmarkResultRecord(
            id: id, deviceId: "d1", artifactId: artifactID, figures: figures,
            createdAt: Date(timeIntervalSince1970: 1_800_000_000 + seconds))
    }

    /// What the plan decides on for `d1`'s one pair.
    private func decided(_ store: any FleetStore) async throws -> LatestResult {
        let snapshot = try await store.planningSnapshot(fleet: "demo")
        return try XCTUnwrap(snapshot.results.first)
    }

    func testRemeasureOpensEveryDoneJobOfTheFleetForAnotherRound() async throws {
        let store = try await seededStore()
        let before = try await store.remeasure(fleet: "demo", actor: "operator")
        XCTAssertEqual(before, 0, "nothing measured yet")
        _ = try await store.addResult(result("r1", p90: 9, upper: 9.5, at: 0))
        let done = try await store.jobs(deviceId: "d1").map(\.job.state)
        XCTAssertEqual(done, [.done])
        let opened = try await store.remeasure(fleet: "demo", actor: "operator")
        XCTAssertEqual(opened, 1)
        let jobs = try await store.jobs(deviceId: "d1").map(\.job)
        XCTAssertEqual(jobs.map(\.state), [.pending])
        XCTAssertEqual(jobs.map(\.round), [2])
        let again = try await store.remeasure(fleet: "demo", actor: "operator")
        XCTAssertEqual(again, 0, "already pending")
        let events = try await store.events(fleet: "demo").filter { $0.kind == "remeasure-requested" }
        XCTAssertEqual(
            events.compactMap(\.detail),
            [
                "0 measured pairs opened for another round of benchmarks", "1 measured pair opened for another round of benchmarks",
                "0 measured pairs opened for another round of benchmarks",
            ], "every request is in the history")
        await assertStoreError(.notFound) { _ = try await store.remeasure(fleet: "nope", actor: "operator") }
    }

    func testPlansDecideOnTheMediansOfTheNewestThreeStableResults() async throws {
        let store = try await seededStore()
        _ = try await store.addResult(result("r1", p90: 9, upper: 9.5, at: 0))
        var planned = try await decided(store)
        XCTAssertEqual([planned.p90Ms, planned.p90UpperMs, Double(planned.count)], [9, 9.5, 1])
        _ = try await store.addResult(result("r2", p90: 30, upper: 40, at: 10))
        planned = try await decided(store)
        XCTAssertEqual([planned.p90Ms, planned.p90UpperMs], [19.5, 24.75], "two results: their mean")
        _ = try await store.addResult(result("r3", p90: 10, upper: 10.4, at: 20))
        _ = try await store.addResult(result("r4", p90: 50, upper: 60, unstable: true, at: 30))
        planned = try await decided(store)
        XCTAssertEqual([planned.p90Ms, planned.p90UpperMs, Double(planned.count)], [10, 10.4, 4], "the slow round is outvoted")
        XCTAssertFalse(planned.unstable, "stable results decide; the unstable one only counts")
        _ = try await store.addResult(result("r5", p90: 11, upper: 11.5, at: 40))
        _ = try await store.addResult(result("r6", p90: 12, upper: 12.5, at: 50))
        planned = try await decided(store)
        XCTAssertEqual([planned.p90Ms, planned.p90UpperMs], [11, 11.5], "the newest three: r3, r5, r6")
    }

    func testAPairWithOnlyUnstableResultsIsItsNewestUnstableOne() async throws {
        let store = try await seededStore()
        _ = try await store.addResult(result("r1", p90: 9, upper: 9.5, unstable: true, at: 0))
        _ = try await store.addResult(result("r2", p90: 12, upper: 13, unstable: true, at: 10))
        let planned = try await decided(store)
        XCTAssertEqual([planned.p90Ms, Double(planned.count)], [12, 2])
        XCTAssertTrue(planned.unstable)
    }
}

/// ``RemeasureTests`` on PostgreSQL.
final class PostgresRemeasureTests: RemeasureTests {
    override class var database: StoreDatabase { .postgres }
    override func testRemeasureOpensEveryDoneJobOfTheFleetForAnotherRound() async throws {
        try await super.testRemeasureOpensEveryDoneJobOfTheFleetForAnotherRound()
    }
    override func testPlansDecideOnTheMediansOfTheNewestThreeStableResults() async throws {
        try await super.testPlansDecideOnTheMediansOfTheNewestThreeStableResults()
    }
    override func testAPairWithOnlyUnstableResultsIsItsNewestUnstableOne() async throws {
        try await super.testAPairWithOnlyUnstableResultsIsItsNewestUnstableOne()
    }
}
