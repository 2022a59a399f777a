import EffFleetTesting
import FleetModel
import Foundation
import RegistryStore
import XCTest

/// Results stored before the registry validated them at the door may break `MeasurementRules`; the
/// planning snapshot checks every stored result again and skips those, so that neither a device's
/// own plan nor its hardware class's medians rest on them.
class PlanningValidationTests: StoreTestCase {
    private let lite0 = String(repeating: "a", count: 64)
    private let lite1 = String(repeating: "b", count: 64)

    private func seededStore() async throws -> any FleetStore {
        let store = try await openStore()
        let hardware = HardwareReport(
            cpuModel: "AMD EPYC", cores: 2, memoryMb: 24_000, architecture: "x86_64", backend: "xnnpack", threads: 1)
        try await store.createFleet(FleetRecord(name: "demo", enrollmentTokenHash: "e", latencyBudgetMs: 20, percentile: .p90))
        for (id, variant) in [(lite0, "lite0"), (lite1, "lite1")] {
            try await store.addArtifact(
                ArtifactRecord(
                    id: id, variant: variant, precision: "fp32", sizeBytes: 10, origin: "synthetic:1", isSynthetic: true, publishedTop1: 75)
            )
        }
        for device in ["d1", "d2"] {
            _ = try await store.enroll(
                DeviceRecord(
                    id: device, name: "cam-\(device)", fleetName: "demo", tokenHash: "t-\(device)", hardware: hardware,
                    engineVersion: "0.1.0", latencyBudgetMs: 10, memoryBudgetMb: nil),
                credential: .enrollmentToken)
        }
        return store
    }

    /// A valid result at `p90` (ms) unless changed by `edit`, stored `age` seconds ago.
    private func result(
        _ id: String, device: String = "d1", artifact: String, p90: Double, age: TimeInterval,
        edit: (inout BenchmarkResultRecord) -> Void = { _ in }
    ) -> BenchmarkResultRecord {
        var record = BenchmarkResultRecord(
            id: id, deviceId: device, artifactId: artifact,
            figures: BenchmarkFigures(
                threads: 1, runs: 30, meanMs: p90 * 0.9, stdMs: 0.2, minMs: p90 * 0.8,
                p50Ms: p90 * 0.9, p90Ms: p90, p99Ms: p90 * 1.1, maxMs: p90 * 1.2, initMs: 20, firstMs: 12, peakRssMb: 60,
                engineVersion: "0.1.0"), createdAt: Date().addingTimeInterval(-age))
        edit(&record)
        return record
    }

    func testInvalidStoredResultsAreSkippedAndAnOlderValidOneStands() async throws {
        let store = try await seededStore()
        let tiny = Double.leastNonzeroMagnitude  // 5e-324, as in the issue
        let rows = [
            result("old-valid", artifact: lite0, p90: 9, age: 100),
            // The issue's forgeries: 1 run at 5e-324 ms, and a mean outside min…max.
            result("new-forged", artifact: lite0, p90: 1, age: 10) { r in
                (r.runs, r.minMs, r.p50Ms, r.p90Ms, r.p99Ms, r.maxMs, r.meanMs) = (1, tiny, tiny, tiny, tiny, tiny, tiny)
            },
            result("only-invalid", artifact: lite1, p90: 1, age: 10) { r in (r.minMs, r.maxMs, r.meanMs) = (1, 1, 999) },
            result("peer-zero-rss", device: "d2", artifact: lite1, p90: 3, age: 10) { r in r.peakRssMb = 0 },
            result("peer-valid", device: "d2", artifact: lite0, p90: 4, age: 10),
        ]
        for row in rows {
            let stored = try await store.addResult(row)
            XCTAssertTrue(stored)
        }
        let snapshot = try await store.planningSnapshot(fleet: "demo")
        XCTAssertEqual(snapshot.invalidResults, 3)
        let kept = Dictionary(
            uniqueKeysWithValues: snapshot.results.map { ("\($0.deviceId)/\($0.artifactId == lite0 ? "lite0" : "lite1")", $0.p90Ms) })
        XCTAssertEqual(kept, ["d1/lite0": 9, "d2/lite0": 4], "a forged newer result does not replace a valid one")
        XCTAssertNil(kept["d1/lite1"], "a pair with invalid results only is absent")
    }

    func testStoredResultsBelowThePhysicalFloorAreSkippedWhenMACsAreKnown() async throws {
        let store = try await seededStore()
        // Lite0 on 1 thread: 385,187,552 MACs at 10 TMAC/s is 0.0385 ms; 0.01 ms is impossible.
        for row in [result("too-fast", artifact: lite0, p90: 0.01, age: 10), result("lite1", artifact: lite1, p90: 8, age: 10)] {
            let stored = try await store.addResult(row)
            XCTAssertTrue(stored)
        }
        let withoutCatalog = try await store.planningSnapshot(fleet: "demo")
        XCTAssertEqual(withoutCatalog.results.count, 2, "without MACs there is no floor")
        let withCatalog = try await store.planningSnapshot(fleet: "demo", macsByVariant: ["lite0": 385_187_552, "lite1": 600_185_232])
        XCTAssertEqual(withCatalog.results.map(\.artifactId), [lite1])
        XCTAssertEqual(withCatalog.invalidResults, 1)
    }
}

/// ``PlanningValidationTests`` on PostgreSQL.
final class PostgresPlanningValidationTests: PlanningValidationTests {
    override class var database: StoreDatabase { .postgres }
    override func testInvalidStoredResultsAreSkippedAndAnOlderValidOneStands() async throws {
        try await super.testInvalidStoredResultsAreSkippedAndAnOlderValidOneStands()
    }
    override func testStoredResultsBelowThePhysicalFloorAreSkippedWhenMACsAreKnown() async throws {
        try await super.testStoredResultsBelowThePhysicalFloorAreSkippedWhenMACsAreKnown()
    }
}
