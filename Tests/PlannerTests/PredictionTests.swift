import EffCore
import Planner
import XCTest

/// Hardware-class medians, benchmark jobs, and waiting for them.
final class PredictionTests: XCTestCase {
    private let artifacts = [
        Fixtures.artifact("small", .lite0, .int8, top1: 74),
        Fixtures.artifact("large", .lite2, .fp32, top1: 78),
    ]

    func testUnmeasuredPairUsesMedianOfItsClassAndIsMarkedPredicted() throws {
        let devices = ["m1", "m2", "m3", "new"].map { Fixtures.device($0, latencyBudgetMs: 100) }
        let measurements = [
            Fixtures.measurement("m1", "large", p50: 1, p90: 10, rssMB: 300),
            Fixtures.measurement("m2", "large", p50: 1, p90: 30, rssMB: 100),
            Fixtures.measurement("m3", "large", p50: 1, p90: 20, rssMB: 200),
            Fixtures.measurement("new", "small", p50: 1, p90: 3),
        ]
        let plan = try Fixtures.plan(devices: devices, artifacts: self.artifacts, measurements: measurements)
        let assignment = try XCTUnwrap(plan.devicePlans[3].assignment)
        XCTAssertEqual(assignment.artifactID, "large")
        XCTAssertTrue(assignment.isPredicted)
        XCTAssertEqual(assignment.latencyMs, 20, "median of the p90s")
        XCTAssertEqual(assignment.peakRssMb, 200, "median of the peak RSSes")
        XCTAssertEqual(plan.summary.predictedCount, 1)
    }

    func testMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() throws {
        let devices = ["m1", "m2", "m3", "m4", "new"].map { Fixtures.device($0, latencyBudgetMs: 100) }
        let measurements = zip(["m1", "m2", "m3", "m4"], [40.0, 10, 30, 20]).map { device, p90 in
            Fixtures.measurement(device, "large", p50: 1, p90: p90, rssMB: p90 * 10)
        }
        let plan = try Fixtures.plan(devices: devices, artifacts: [self.artifacts[1]], measurements: measurements)
        let assignment = try XCTUnwrap(plan.devicePlans[4].assignment)
        XCTAssertEqual(assignment.latencyMs, 25)
        XCTAssertEqual(assignment.peakRssMb, 250)
    }

    func testOneDeviceInTheClassPredictsNothing() throws {
        let devices = [Fixtures.device("m", latencyBudgetMs: 100), Fixtures.device("new", latencyBudgetMs: 100)]
        let plan = try Fixtures.plan(
            devices: devices,
            artifacts: [self.artifacts[0]],
            measurements: [Fixtures.measurement("m", "small", p50: 7)]
        )
        XCTAssertEqual(
            plan.devicePlans[1].decision, .awaitingBenchmarks(pendingCount: 1), "one device's figure never decides for its class")
        XCTAssertEqual(plan.benchmarkJobs, [BenchmarkJob(deviceID: "new", artifactID: "small")])
    }

    func testUnstableResultsPredictNothingAndAreNeverSelectedAlone() throws {
        let devices = ["m1", "m2", "new"].map { Fixtures.device($0, latencyBudgetMs: 100) }
        var unstable = Fixtures.measurement("m2", "small", p50: 7)
        unstable.isUnstable = true
        let plan = try Fixtures.plan(
            devices: devices, artifacts: [self.artifacts[0]], measurements: [Fixtures.measurement("m1", "small", p50: 7), unstable],
            policy: PlanningPolicy(explain: true))
        XCTAssertEqual(plan.devicePlans[1].decision, .noFeasibleVariant(cause: .noCandidates(excludedSyntheticCount: 0)))
        XCTAssertEqual(plan.devicePlans[1].candidates?.map(\.verdict), [.unstable])
        XCTAssertEqual(plan.devicePlans[2].decision, .awaitingBenchmarks(pendingCount: 1), "m2's unstable figure does not make a median")
    }

    func testMediansComeOnlyFromTheSameHardwareClass() throws {
        let devices = [
            Fixtures.device("jetson", hardwareClass: "jetson", latencyBudgetMs: 100),
            Fixtures.device("pi", hardwareClass: "pi4", latencyBudgetMs: 100),
        ]
        let plan = try Fixtures.plan(
            devices: devices,
            artifacts: [self.artifacts[0]],
            measurements: [Fixtures.measurement("jetson", "small", p50: 2)]
        )
        XCTAssertEqual(plan.devicePlans[0].assignment?.isPredicted, false)
        XCTAssertEqual(plan.devicePlans[1].decision, .awaitingBenchmarks(pendingCount: 1))
        XCTAssertEqual(plan.benchmarkJobs, [BenchmarkJob(deviceID: "pi", artifactID: "small")])
    }

    func testOwnMeasurementIsUsedRatherThanTheMedian() throws {
        let devices = ["m1", "m2", "m3"].map { Fixtures.device($0, latencyBudgetMs: 100) }
        let measurements = zip(devices, [5.0, 50, 60]).map { Fixtures.measurement($0.id, "small", p50: $1) }
        let plan = try Fixtures.plan(devices: devices, artifacts: [self.artifacts[0]], measurements: measurements)
        XCTAssertEqual(plan.devicePlans.map { $0.assignment?.latencyMs }, [5, 50, 60])
        XCTAssertEqual(plan.summary.predictedCount, 0)
    }

    func testPairsWithNeitherMeasurementNorMedianBecomeJobsInDeviceThenArtifactOrder() throws {
        let devices = [
            Fixtures.device("b", hardwareClass: "x", latencyBudgetMs: 100),
            Fixtures.device("a", hardwareClass: "y", latencyBudgetMs: 100),
        ]
        let plan = try Fixtures.plan(devices: devices, artifacts: self.artifacts)
        XCTAssertEqual(
            plan.benchmarkJobs,
            [
                BenchmarkJob(deviceID: "b", artifactID: "small"), BenchmarkJob(deviceID: "b", artifactID: "large"),
                BenchmarkJob(deviceID: "a", artifactID: "small"), BenchmarkJob(deviceID: "a", artifactID: "large"),
            ]
        )
        XCTAssertEqual(plan.summary.benchmarkJobCount, 4)
        XCTAssertEqual(plan.summary.awaitingBenchmarksCount, 2)
    }

    func testAssignsWhatFitsWhileBetterCandidatesStillAwaitBenchmarks() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 100)],
            artifacts: self.artifacts,
            measurements: [Fixtures.measurement("d", "small", p50: 2)]
        )
        XCTAssertEqual(plan.devicePlans[0].assignment?.artifactID, "small")
        XCTAssertEqual(plan.benchmarkJobs, [BenchmarkJob(deviceID: "d", artifactID: "large")])
    }

    func testAwaitingBenchmarksWhenNothingKnownFitsButSomeAreUnmeasured() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 4)],
            artifacts: self.artifacts,
            measurements: [Fixtures.measurement("d", "small", p50: 8)]
        )
        XCTAssertEqual(plan.devicePlans[0].decision, .awaitingBenchmarks(pendingCount: 1))
        XCTAssertEqual(plan.devicePlans[0].reason, "nothing measured or predicted fits yet; 1 candidate awaits its benchmark")
        XCTAssertFalse(plan.devicePlans[0].changesCurrent)
    }

    func testNoFeasibleVariantOnceEverythingIsKnown() throws {
        let plan = try Fixtures.plan(
            devices: [Fixtures.device("d", latencyBudgetMs: 4)],
            artifacts: self.artifacts,
            measurements: [Fixtures.measurement("d", "small", p50: 8), Fixtures.measurement("d", "large", p50: 20)]
        )
        guard case .noFeasibleVariant(.latencyBudget(_, _, let fastest)) = plan.devicePlans[0].decision else {
            return XCTFail("expected a latency infeasibility, got \(plan.devicePlans[0].decision)")
        }
        XCTAssertEqual(fastest.artifactID, "small")
        XCTAssertTrue(plan.benchmarkJobs.isEmpty)
        XCTAssertEqual(plan.summary.noFeasibleCount, 1)
    }
}
