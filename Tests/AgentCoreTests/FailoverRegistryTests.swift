import AgentCore
import CurlClient
import Logging
import RegistryAPI
import RegistryClient
import XCTest

/// ``FailoverRegistry`` over in-memory replicas: which replica each call reaches, and which
/// failures move it to the next one.
final class FailoverRegistryTests: XCTestCase {
    /// A replica that answers heartbeats, or fails them as told.
    private actor Replica: DeviceRegistry {
        let name: String
        var failure: RegistryClientError?
        private(set) var heartbeats = 0

        init(_ name: String) { self.name = name }

        func fail(with failure: RegistryClientError?) { self.failure = failure }

        func heartbeat() async throws(RegistryClientError) {
            if let failure { throw failure }
            heartbeats += 1
        }

        func postResult(_ report: BenchmarkReport) async throws(RegistryClientError) -> ResultAcknowledgement {
            if let failure { throw failure }
            return ResultAcknowledgement(id: "\(name):\(report.id)", stored: true)
        }

        func enroll(_ request: EnrollRequest) async throws(RegistryClientError) -> EnrollResponse { throw .cancelled }
        func deviceJobs() async throws(RegistryClientError) -> [BenchmarkJobView] { throw .cancelled }
        func reportJobFailure(id: String, error: String) async throws(RegistryClientError) -> BenchmarkJobView { throw .cancelled }
        func artifact(id: String) async throws(RegistryClientError) -> ArtifactView { throw .cancelled }
        func downloadBlob(id: String, to path: String, expectedSize: Int?) async throws(RegistryClientError) -> DownloadResult {
            throw .cancelled
        }
        func currentAssignment() async throws(RegistryClientError) -> AssignmentView? { throw .cancelled }
        func reportAssignmentState(id: String, _ report: AssignmentStateReport) async throws(RegistryClientError) -> AssignmentView {
            throw .cancelled
        }
        func reportHealth(id: String, _ report: HealthReport) async throws(RegistryClientError) -> AssignmentView { throw .cancelled }
    }

    private static let down = RegistryClientError.unreachable(url: "http://a", reason: "connection refused")

    private func replicas(_ count: Int) -> ([Replica], FailoverRegistry) {
        let replicas = (0..<count).map { Replica("r\($0)") }
        let registry = FailoverRegistry(
            replicas: replicas.map { (url: "http://\($0.name)", registry: $0 as any DeviceRegistry) }, logger: Logger(label: "test"))
        return (replicas, registry)
    }

    func testCallsStayOnTheFirstReplicaWhileItAnswers() async throws {
        let (replicas, registry) = replicas(2)
        for _ in 0..<3 { try await registry.heartbeat() }
        let counts = [await replicas[0].heartbeats, await replicas[1].heartbeats]
        XCTAssertEqual(counts, [3, 0])
        XCTAssertEqual(registry.currentURL, "http://r0")
    }

    func testAnUnreachableReplicaSendsTheSameCallToTheNextOneWhichIsUsedFromThenOn() async throws {
        let (replicas, registry) = replicas(3)
        await replicas[0].fail(with: Self.down)
        try await registry.heartbeat()
        XCTAssertEqual(registry.currentURL, "http://r1")
        await replicas[0].fail(with: nil)
        try await registry.heartbeat()
        let counts = [await replicas[0].heartbeats, await replicas[1].heartbeats, await replicas[2].heartbeats]
        XCTAssertEqual(counts, [0, 2, 0], "a replica that failed is not tried again while the new one answers")

        // The last replica fails too: the search wraps around to the first.
        await replicas[1].fail(with: .status(code: 503, message: "", method: "POST", url: "http://r1/v1/heartbeat"))
        await replicas[2].fail(with: Self.down)
        try await registry.heartbeat()
        XCTAssertEqual(registry.currentURL, "http://r0")
    }

    func testFailuresOnlyAnotherReplicaCannotFixAreNotFailedOver() async throws {
        let cases: [(RegistryClientError, Bool)] = [
            (Self.down, true),
            (.status(code: 502, message: "", method: "GET", url: "u"), true),
            (.status(code: 503, message: "", method: "GET", url: "u"), true),
            (.status(code: 504, message: "", method: "GET", url: "u"), true),
            (.status(code: 401, message: "unknown token", method: "GET", url: "u"), false),
            (.status(code: 404, message: "", method: "GET", url: "u"), false),
            (.status(code: 500, message: "", method: "GET", url: "u"), false),
            (.checksumMismatch(expected: "a", actual: "b"), false),
            (.cancelled, false),
        ]
        for (failure, failsOver) in cases {
            let (replicas, registry) = replicas(2)
            await replicas[0].fail(with: failure)
            do {
                let acknowledgement = try await registry.postResult(Self.report)
                XCTAssertTrue(failsOver, "\(failure) went to the next replica")
                XCTAssertEqual(acknowledgement.id, "r1:job-1")
            } catch {
                XCTAssertFalse(failsOver, "\(failure) was not failed over")
                XCTAssertEqual(error.description, failure.description)
            }
        }
    }

    func testWhenEveryReplicaIsDownTheCallFailsWithTheLastError() async throws {
        let (replicas, registry) = replicas(2)
        for replica in replicas { await replica.fail(with: Self.down) }
        do {
            try await registry.heartbeat()
            XCTFail("no replica answered")
        } catch {
            XCTAssertEqual(error.description, Self.down.description)
        }
    }

    func testTheAgentsRegistryOptionTakesSeveralURLs() {
        XCTAssertNil(AgentConfiguration.registryProblem("http://a:8700,https://b.example:8700"))
        XCTAssertEqual(
            AgentConfiguration.registryProblem("http://a:8700,,http://b"), "'' is not an http:// or https:// URL with a host")
        XCTAssertEqual(AgentConfiguration.registryProblem("ftp://a"), "'ftp://a' is not an http:// or https:// URL with a host")
    }

    private static let report = BenchmarkReport(
        id: "job-1", artifactId: String(repeating: "a", count: 64),
        figures: BenchmarkFigures(
            threads: 1, runs: 20, meanMs: 8, stdMs: 0.1, minMs: 7.5, p50Ms: 8, p90Ms: 8.4, p99Ms: 9, maxMs: 9.5, initMs: 30,
            firstMs: 10, peakRssMb: 60, engineVersion: "test"))
}
