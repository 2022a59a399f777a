import EffCore
import FleetModel
import Foundation
import XCTest

/// ``LatencyBudget`` and ``BenchmarkFigures``: one validation of a budget, one set of JSON keys.
final class BudgetAndFiguresTests: XCTestCase {
    func testBudgets() {
        let cases: [(Double, Bool)] = [
            (12, true), (1e-3, true), (LatencyBudget.maximumMs, true), (0, false), (-1, false), (.infinity, false), (.nan, false),
            (LatencyBudget.maximumMs * 2, false),
        ]
        for (budget, valid) in cases {
            XCTAssertEqual(LatencyBudget.problem(budget) == nil, valid, "\(budget)")
        }
        XCTAssertEqual(LatencyBudget.effective(device: 8, fleet: 20), 8)
        XCTAssertEqual(LatencyBudget.effective(device: nil, fleet: 20), 20)
    }

    func testFiguresKeepTheirSnakeCaseKeys() throws {
        let figures = BenchmarkFigures(
            backend: "onednn", threads: 2, runs: 90, meanMs: 4.1, stdMs: 0.2, minMs: 3.9, p50Ms: 4, p90Ms: 4.4, p99Ms: 4.9, maxMs: 5,
            initMs: 40, firstMs: 6, peakRssMb: 55.5, engineVersion: "0.3.0", trials: 3, trialSpread: 0.02)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: SnakeCaseJSON.encoder().encode(figures)) as? [String: Any])
        XCTAssertEqual(
            Set(object.keys),
            [
                "backend", "threads", "runs", "mean_ms", "std_ms", "min_ms", "p50_ms", "p90_ms", "p99_ms", "max_ms", "init_ms",
                "first_ms", "peak_rss_mb", "engine_version", "trials", "trial_spread",
            ])
        XCTAssertEqual(try SnakeCaseJSON.decoder().decode(BenchmarkFigures.self, from: SnakeCaseJSON.encoder().encode(figures)), figures)
        XCTAssertEqual(figures.latencyMs(at: .p90), 4.4)
    }

    func testAPercentileSaysWhatItAccepts() throws {
        XCTAssertEqual(try JSONDecoder().decode([LatencyPercentile].self, from: Data(#"["p50","p99"]"#.utf8)), [.p50, .p99])
        XCTAssertThrowsError(try JSONDecoder().decode([LatencyPercentile].self, from: Data(#"["p42"]"#.utf8))) { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.debugDescription, "must be p50, p90, p99, got 'p42'")
        }
    }

    func testFiguresValidateInOrder() {
        var figures = BenchmarkFigures(
            threads: 1, runs: 30, meanMs: 4.1, stdMs: 0.2, minMs: 3.9, p50Ms: 4, p90Ms: 4.4, p99Ms: 4.9, maxMs: 5, initMs: 40,
            firstMs: 6, peakRssMb: 55.5, engineVersion: "0.3.0")
        XCTAssertNoThrow(try figures.validate(latencyFloorMs: 0.01))
        figures.p90Ms = 3
        XCTAssertThrowsError(try figures.validate(latencyFloorMs: nil)) { error in
            XCTAssertEqual((error as? InvalidMeasurementField)?.field, "p90_ms")
        }
    }
}
