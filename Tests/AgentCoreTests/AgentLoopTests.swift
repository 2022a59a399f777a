import AgentCore
import EffFleetTesting
import Foundation
import LiteEngine
import Logging
import RegistryAPI
import RegistryClient
import XCTest

/// The agent's loop against a registry in memory and a fake runner: enrollment, jobs, the outbox,
/// back-off, a rejected token and stops, in seconds and without a process or a socket.
final class AgentLoopTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("agent-loop")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func agent(
        _ registry: FakeRegistry, stop: StopSignal, runner: FakeRunner = FakeRunner(), backend: BackendChoice = .kind(.reference),
        logger: Logger = Logger(label: "test")
    ) throws -> Agent {
        let configuration = AgentConfiguration(
            registry: "http://127.0.0.1:1", enrollmentToken: "enroll", name: "cam-1", fleet: "demo", backend: backend,
            dataDirectory: directory, pollInterval: .milliseconds(1), heartbeatInterval: .milliseconds(1))
        return try Agent(
            configuration: configuration, runner: runner, stop: stop, logger: logger, connect: { _, _ in registry },
            backoff: Backoff(base: .milliseconds(1), cap: .milliseconds(2)))
    }

    private func job(_ id: String) -> BenchmarkJobView {
        BenchmarkJobView(
            id: id, deviceId: "device-1", artifactId: String(repeating: id, count: 64 / id.count), variant: "lite0", precision: "fp32",
            sizeBytes: 32, state: "pending")
    }

    func testItEnrollsOnceAndKeepsItsToken() async throws {
        for run in 1...2 {
            let stop = StopSignal()
            let registry = FakeRegistry(stop: stop) { await $0.jobPolls >= 2 }
            try await agent(registry, stop: stop).run()
            let enrollments = await registry.enrollments.count
            XCTAssertEqual(enrollments, run == 1 ? 1 : 0, "run \(run)")
        }
    }

    func testEveryJobIsBenchmarkedAndItsResultDeliveredOnce() async throws {
        let stop = StopSignal()
        let registry = FakeRegistry(stop: stop) { await $0.results.count >= 2 }
        await registry.offer([job("a"), job("b")])
        try await agent(registry, stop: stop).run()
        let ids = await registry.results.map(\.id).sorted()
        XCTAssertEqual(ids, ["job-a-reference", "job-b-reference"])
        let figures = await registry.results.map(\.figures)
        XCTAssertTrue(figures.allSatisfy { $0.runs == 30 && $0.backend == "reference" && $0.engineVersion == "test" })
    }

    func testResultsWaitInTheOutboxWhileTheRegistryIsUnreachable() async throws {
        let stop = StopSignal()
        let registry = FakeRegistry(stop: stop) { await $0.results.count >= 1 }
        await registry.offer([job("a")])
        await registry.failPosts(3)
        try await agent(registry, stop: stop).run()
        let (results, attempts) = await (registry.results.map(\.id), registry.postAttempts)
        XCTAssertEqual(results, ["job-a-reference"])
        XCTAssertEqual(attempts, 4, "three refused, then delivered")
    }

    /// The log says how long it waits in human units, and says once when the registry answers again.
    func testTheLogSaysWhenTheRegistryIsReachableAgain() async throws {
        let stop = StopSignal()
        let registry = FakeRegistry(stop: stop) { await $0.results.count >= 1 }
        await registry.offer([job("a")])
        await registry.failPosts(3)
        let log = LogRecorder()
        try await agent(registry, stop: stop, logger: log.logger()).run()
        let retries = log.lines.filter { $0.message.hasPrefix("registry unavailable") }.map(\.message)
        XCTAssertEqual(retries.count, 3, "\(log.lines)")
        for retry in retries {
            XCTAssertNotNil(retry.firstMatch(of: #/retrying in [0-9]+ ms: /#), retry)
        }
        let back = log.lines.filter { $0.message.hasPrefix("registry reachable again") }
        XCTAssertEqual(back.count, 1, "\(log.lines)")
        XCTAssertNotNil(back.first?.message.wholeMatch(of: #/registry reachable again after 3 failures \/ [0-9]+ ms/#), "\(back)")
        XCTAssertEqual(back.first?.level, .notice)
    }

    /// An artifact deleted at the registry leaves the data folder, unless it is the one serving.
    func testArtifactsDeletedAtTheRegistryAreDroppedButNotTheActiveOne() async throws {
        let data = try AgentDataDirectory(root: directory)
        let (previous, active, kept) = (
            String(repeating: "a", count: 64), String(repeating: "b", count: 64), String(repeating: "c", count: 64)
        )
        for id in [previous, active, kept] { try Data(id.utf8).write(to: URL(fileURLWithPath: data.artifactPath(id))) }
        try data.activate(previous)
        try data.activate(active)
        let stop = StopSignal()
        let registry = FakeRegistry(stop: stop) { await $0.jobPolls >= 3 }
        await registry.delete([previous, active])
        try await agent(registry, stop: stop).run()
        XCTAssertEqual(data.storedArtifacts(), [active, kept])
        XCTAssertEqual(data.activeArtifact(), active, "the active artifact keeps serving")
        XCTAssertNil(data.previousArtifact(), "nothing left to roll back to")
        let asked = await registry.artifactQueries
        XCTAssertFalse(asked.contains(active), "the active one is not even asked about")
        XCTAssertEqual(Set(asked), [previous, kept])
    }

    func testABenchmarkThatFailsIsReportedAsTheJobsFailure() async throws {
        let stop = StopSignal()
        let registry = FakeRegistry(stop: stop) { await !$0.jobFailures.isEmpty }
        await registry.offer([job("a")])
        let runner = FakeRunner(failure: { EngineError("unsupported operator") })
        try await agent(registry, stop: stop, runner: runner).run()
        let failures = await registry.jobFailures
        XCTAssertEqual(failures.map(\.id), ["a"])
        XCTAssertTrue(failures.first?.error.contains("unsupported operator") ?? false, failures.first?.error ?? "")
    }

    func testAStopDuringABenchmarkIsNoFailure() async throws {
        let stop = StopSignal()
        let registry = FakeRegistry(stop: stop) { _ in false }
        await registry.offer([job("a")])
        let runner = FakeRunner(failure: {
            stop.request()
            return AgentStopped()
        })
        try await agent(registry, stop: stop, runner: runner).run()
        let (failures, results) = await (registry.jobFailures.count, registry.results.count)
        XCTAssertEqual(failures, 0)
        XCTAssertEqual(results, 0)
    }

    func testARejectedTokenEndsTheRunWithWhatToDo() async throws {
        let stop = StopSignal()
        let registry = FakeRegistry(stop: stop) { await $0.jobPolls >= 10 }
        await registry.rejectToken()
        do {
            try await agent(registry, stop: stop).run()
            XCTFail("the run should end with an error")
        } catch {
            XCTAssertTrue(String(describing: error).contains("device.json"), "\(error)")
        }
    }
}
