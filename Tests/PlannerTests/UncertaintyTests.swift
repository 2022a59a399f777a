import EffCore
import Planner
import XCTest

/// Planning with intervals: a candidate fits by the upper bound of its interval; a budget inside
/// the interval of a pair measured fewer than three times asks for another measurement; plans
/// explain themselves.
final class UncertaintyTests: XCTestCase {
    private let artifacts = [
        Fixtures.artifact("small", .lite0, .fp32, top1: 75),
        Fixtures.artifact("large", .lite2, .int8, top1: 77),
    ]

    private func measurement(_ artifact: String, p90: Double, upper: Double, count: Int = 1, rssMB: Double = 100) -> LatencyMeasurement {
        var result = Fixtures.measurement("d", artifact, p50: p90 * 0.9, p90: p90, rssMB: rssMB)
        result.p90UpperMs = upper
        result.resultCount = count
        return result
    }

    func testTheUpperBoundDecides() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 10)], artifacts: artifacts,
            measurements: [measurement("small", p90: 5, upper: 6), measurement("large", p90: 9, upper: 10.5, count: 3)],
            policy: PlanningPolicy(headroom: 0))
        XCTAssertEqual(plan.devicePlans[0].assignment?.artifactID, "small", "large's interval reaches past the budget")
        XCTAssertTrue(plan.benchmarkJobs.isEmpty, "measured three times already: decided on the medians, no more measurement")
    }

    func testABudgetInsideTheIntervalAsksForMoreMeasurementUntilThreeResults() throws {
        for count in 1...2 {
            let plan = try Fixtures.plan(
                devices: [Fixtures.device("d", latencyBudgetMs: 10)], artifacts: artifacts,
                measurements: [measurement("small", p90: 5, upper: 6), measurement("large", p90: 9, upper: 10.5, count: count)],
                policy: PlanningPolicy(headroom: 0))
            XCTAssertEqual(plan.devicePlans[0].assignment?.artifactID, "small", "what surely fits now; the next plan may pick large")
            XCTAssertEqual(
                plan.benchmarkJobs, [BenchmarkJob(deviceID: "d", artifactID: "large", reason: .budgetInsideInterval)], "\(count) result(s)")
        }
    }

    func testMemoryIsNamedWhenItExcludesWhatFitsTheLatencyBudget() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 40, memoryMb: 50)], artifacts: artifacts,
            measurements: [measurement("small", p90: 33, upper: 34, rssMB: 60), measurement("large", p90: 51, upper: 52, rssMB: 45)])
        XCTAssertEqual(
            plan.devicePlans[0].reason, "no artifact fits the 50.0 MB memory budget; smallest is lite0 fp32 on xnnpack at 60.0 MB")
    }

    func testExplanationsListEveryCandidateWithItsVerdict() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 12, memoryMb: 150)],
            artifacts: artifacts + [Fixtures.artifact("tiny", .lite0, .int8, top1: 74), Fixtures.artifact("new", .lite1, .fp32, top1: 76)],
            measurements: [
                measurement("small", p90: 5, upper: 6), measurement("large", p90: 20, upper: 22),
                measurement("tiny", p90: 3, upper: 3.5, rssMB: 200),
            ],
            policy: PlanningPolicy(explain: true))
        let verdicts = Dictionary(uniqueKeysWithValues: (plan.devicePlans[0].candidates ?? []).map { ($0.artifactID, $0.verdict) })
        XCTAssertEqual(verdicts, ["small": .chosen, "large": .latency, "tiny": .memory, "new": .unmeasured])
        let without = try Fixtures.plan(devices: [Fixtures.device("d", latencyBudgetMs: 12)], artifacts: artifacts, measurements: [])
        XCTAssertNil(without.devicePlans[0].candidates, "explaining is asked for")
    }
}
