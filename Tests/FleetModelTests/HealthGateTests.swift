import EffCore
import FleetModel
import XCTest

/// ``HealthGate``, table-driven: readings against a budget, and the sequential rule.
final class HealthGateTests: XCTestCase {
    func testReadings() {
        let cases: [(String, Double, PercentileInterval?, Double?, HealthGate.Reading)] = [
            ("under the budget", 9, PercentileInterval(lower: 8, upper: 12), 0.5, .within),
            ("at the budget", 10, nil, nil, .within),
            ("over, interval straddles", 11, PercentileInterval(lower: 9.5, upper: 13), 0.5, .inconclusive),
            ("over, interval above", 12, PercentileInterval(lower: 10.5, upper: 13), 0.5, .significantlyOver),
            ("over, no interval", 12, nil, nil, .significantlyOver),
            ("loaded machine", 30, PercentileInterval(lower: 25, upper: 40), 3.5, .loaded),
            ("load at the core count counts", 9, nil, 2, .within),
        ]
        for (name, latency, interval, load, expected) in cases {
            XCTAssertEqual(
                HealthGate.reading(latencyMs: latency, interval: interval, latencyBudgetMs: 10, loadBefore: load, cores: 2), expected, name)
        }
    }

    func testSequentialRule() {
        func reports(_ readings: [(Double, HealthGate.Reading)]) -> [HealthGate.Report] {
            readings.map { HealthGate.Report(latencyMs: $0.0, reading: $0.1) }
        }
        let cases: [(String, [(Double, HealthGate.Reading)], HealthGate.Verdict)] = [
            ("first within", [(9, .within)], .healthy),
            ("one noisy reading is no breach", [(14, .significantlyOver)], .measureAgain),
            ("noise then within", [(14, .significantlyOver), (9, .within)], .measureAgain),
            ("two within", [(14, .significantlyOver), (9, .within), (9.5, .within)], .healthy),
            ("two significant", [(14, .significantlyOver), (13, .significantlyOver)], .breached),
            (
                "three inconclusive over are no breach yet", [(11, .inconclusive), (10.5, .inconclusive), (12, .inconclusive)],
                .measureAgain
            ),
            ("three mixed, one significant", [(11, .inconclusive), (9, .within), (13, .significantlyOver)], .measureAgain),
            ("straddling, then within twice", [(10.4, .inconclusive), (10.6, .inconclusive), (9.8, .within), (9.9, .within)], .healthy),
            (
                "five straddling, median over",
                [(11, .inconclusive), (10.5, .inconclusive), (9, .within), (12, .inconclusive), (10.2, .inconclusive)],
                .breached
            ),

            ("load does not count", [(30, .loaded), (9, .within)], .healthy),
            ("load does not breach", [(30, .loaded), (31, .loaded), (14, .significantlyOver)], .measureAgain),
            ("at most five reports", [(30, .loaded), (31, .loaded), (29, .loaded), (28, .loaded), (9, .loaded)], .breached),
        ]
        for (name, readings, expected) in cases {
            XCTAssertEqual(HealthGate.verdict(reports(readings), latencyBudgetMs: 10), expected, name)
        }
    }

    func testAssessmentMovesTheAssignmentAndSaysWhy() {
        let noisy = HealthReport(p50Ms: 12, p90Ms: 14, p99Ms: 15, runs: 20)
        let first = HealthGate.assess(noisy, percentile: .p90, latencyBudgetMs: 10, cores: 2, earlier: [])
        XCTAssertEqual(first.state, .active, "one noisy reading asks for another")
        XCTAssertEqual(first.latencyMs, 14)
        XCTAssertEqual(
            first.detail,
            "in service p90 14.00 ms over 20 runs, budget 10.00 ms: significantly-over; measuring again (report 1 of at most 5)")
        let second = HealthGate.assess(noisy, percentile: .p90, latencyBudgetMs: 10, cores: 2, earlier: first.reports)
        XCTAssertEqual(second.state, .breached)
        XCTAssertEqual(second.reports.count, 2)
        let fine = HealthGate.assess(
            HealthReport(p50Ms: 8, p90Ms: 9, p99Ms: 9.5, runs: 20), percentile: .p50, latencyBudgetMs: 10, cores: 2, earlier: [])
        XCTAssertEqual(fine.state, .healthy)
        XCTAssertEqual(fine.detail, "in service p50 8.00 ms over 20 runs, budget 10.00 ms: within")
    }
}
