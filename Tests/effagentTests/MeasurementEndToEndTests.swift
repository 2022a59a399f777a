import EffCore
import EffFleetTesting
import Foundation
import RegistryAPI
import RegistryClient
import XCTest

/// Benchmarks run in child processes of the agent, with real processes: on a one-core device
/// (the agent pinned to one CPU with taskset) heartbeats keep reaching the registry while a long
/// benchmark computes, and each result carries its trials, intervals and context.
final class MeasurementEndToEndTests: XCTestCase {
    func testHeartbeatsFlowDuringALongBenchmarkOnOneCore() async throws {
        let root = try Fixtures.temporaryDirectory("measurement-e2e")
        defer { try? FileManager.default.removeItem(at: root) }
        let fleet = try FleetHarness(root: root)
        defer { _ = fleet.stopAll() }
        let admin = try fleet.admin()
        let token = try fleet.createFleet("lab")
        let artifact = try XCTUnwrap(try fleet.synthesize("lite2", seeds: [1]).first)
        XCTAssertEqual(try fleet.effctl("artifacts", "push", artifact.path).status, 0)

        try fleet.startAgent(
            "single-core", fleet: "lab", enrollToken: token,
            extraArguments: ["--runs", "50", "--min-seconds", "1.5", "--trials", "3", "--heartbeat-seconds", "0.5"], onCPU: 0)
        var seen: Set<Double> = []
        var benchmarking = false
        try await eventually(timeout: 240, "the long benchmark\n\(fleet.logs)") {
            guard let device = try await admin.listDevices(fleet: "lab").first else { return false }
            let jobs = try await admin.listJobs(fleet: "lab", device: device.id)
            let done = !jobs.isEmpty && jobs.allSatisfy { $0.state == "done" }
            benchmarking = benchmarking || fleet.agentLog("single-core").contains("downloaded")
            if benchmarking && !done, let lastSeen = device.lastSeen { seen.insert(lastSeen) }
            guard done else { return false }
            return try await benchmarksSettled(admin, fleet: "lab", device: device.id, count: jobs.count)
        }
        // At least 4.5 s per backend at ≥ 1 heartbeat a second (the registry writes them within 1 s).
        XCTAssertGreaterThanOrEqual(seen.count, 4, "the registry saw the device while it benchmarked: \(seen.sorted())\n\(fleet.logs)")

        let results = try await admin.listResults()
        XCTAssertEqual(Set(results.compactMap(\.backend)), Set(FleetHarness.backends))
        for result in results {
            XCTAssertEqual(result.trials, 3)
            let interval = try XCTUnwrap(result.intervals?.p90)
            XCTAssertLessThanOrEqual(interval.lower, result.p90Ms)
            XCTAssertGreaterThanOrEqual(interval.upper, result.p90Ms)
            XCTAssertNotNil(result.context?.loadBefore)
            XCTAssertGreaterThan(result.runs, 150)
            XCTAssertGreaterThan(result.peakRssMb, 0)
        }
    }
}
