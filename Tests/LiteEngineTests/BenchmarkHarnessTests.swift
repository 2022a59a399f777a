import EffCore
import Foundation
import LiteEngine
import XCTest

final class BenchmarkHarnessTests: XCTestCase {
    func testPercentilesInterpolateLikeNumPy() {
        let statistics = LatencyStatistics(samples: [4, 1, 3, 2, 5, 6, 7, 8, 9, 10])
        XCTAssertEqual(statistics.p50, 5.5)
        XCTAssertEqual(statistics.p90, 9.1, accuracy: 1e-12)
        XCTAssertEqual(statistics.p99, 9.91, accuracy: 1e-12)
        XCTAssertEqual(statistics.min, 1)
        XCTAssertEqual(statistics.max, 10)
        XCTAssertEqual(statistics.mean, 5.5)
        XCTAssertEqual(statistics.std, 8.25.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(LatencyStatistics(samples: []).count, 0)
    }

    func testHarnessReportsConsistentStatistics() throws {
        let path = try ImportedArtifacts.synthetic(.lite0)
        let result = try BenchmarkHarness.run(artifactPath: path, options: BenchmarkOptions(threads: 2, warmup: 2, runs: 7))
        XCTAssertEqual(result.latency.count, 7)
        XCTAssertEqual(result.variant, "lite0")
        XCTAssertEqual(result.threads, 2)
        let l = result.latency
        XCTAssertTrue(l.min <= l.p50 && l.p50 <= l.p90 && l.p90 <= l.p99 && l.p99 <= l.max, "\(l)")
        XCTAssertGreaterThan(l.min, 0)
        XCTAssertGreaterThan(result.initMs, 0)
        XCTAssertGreaterThan(result.peakRssMb, 1)
        // The JSON keys the agents and scripts rely on.
        let json = try JSONSerialization.jsonObject(with: SnakeCaseJSON.encoder().encode(result)) as? [String: Any]
        for key in [
            "mean_ms", "std_ms", "min_ms", "p50_ms", "p90_ms", "p99_ms", "max_ms", "runs", "warmup", "threads", "init_ms", "first_ms",
            "peak_rss_mb",
        ] {
            XCTAssertNotNil(json?[key], key)
        }
        XCTAssertEqual(try SnakeCaseJSON.decoder().decode(BenchmarkResult.self, from: SnakeCaseJSON.encoder().encode(result)), result)
    }

    func testOptionsAreValidated() {
        XCTAssertThrowsError(try BenchmarkOptions(threads: 0).validate())
        XCTAssertThrowsError(try BenchmarkOptions(runs: 0).validate())
        XCTAssertThrowsError(try BenchmarkOptions(minSeconds: -1).validate())
        XCTAssertThrowsError(try BenchmarkOptions(minSeconds: .nan).validate())
    }
}
