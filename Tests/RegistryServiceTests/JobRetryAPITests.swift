import EffCore
import EffFleetTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiteArtifact
import RegistryAPI
import RegistryService
import RegistryStore
import XCTest

/// A failed benchmark job is offered again after its back-off and given up after four failures;
/// plans then report the pair with its last error instead of waiting for it. Later attempts are
/// driven through the store with a time in the future (no test sleeps).
final class JobRetryAPITests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("registry-job-retry")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testFailedJobsAreRetriedWithBackOffThenReportedByThePlan() async throws {
        try await API.withRegistry(in: try XCTUnwrap(directory)) { client, registry in
            let admin = API.bearer(registry.adminToken)
            let bytes = try SyntheticWeights.builder(variant: .lite0, seed: 1).encoded()
            let uploaded = try await client.execute(uri: "/v1/artifacts", method: .post, headers: admin, body: ByteBuffer(bytes: bytes))
            XCTAssertEqual(uploaded.status, .created)
            let (_, device) = try await API.setUpFleet(client, registry)
            let token = API.bearer(device.deviceToken)
            let initial = try await Self.offered(client, token)
            let job = try XCTUnwrap(initial.first)
            XCTAssertEqual(job.attempts, 0)

            let before = Date()
            let failed = try await Self.fail(client, job.id, token, error: "out of disk")
            XCTAssertEqual(failed.state, "pending")
            XCTAssertEqual(failed.attempts, 1)
            let retryAfter = try XCTUnwrap(failed.retryAfter)
            XCTAssertEqual(retryAfter - before.timeIntervalSince1970, 30, accuracy: 5, "30 s after the first failure")
            let offered = try await Self.offered(client, token)
            XCTAssertEqual(offered, [], "not offered during its back-off")
            let listed = try API.decode(
                [BenchmarkJobView].self, try await client.execute(uri: "/v1/jobs?fleet=demo", method: .get, headers: admin))
            XCTAssertEqual(listed.map(\.attempts), [1], "operators see the attempts")

            let waiting = try await Self.plan(client, admin)
            XCTAssertEqual(waiting.entries.first?.decision, .awaitingBenchmarks, "a job in back-off is still awaited")
            XCTAssertEqual(waiting.pendingJobs, 1)

            // Dates are stored to the millisecond: step just past each back-off.
            var now = Date(timeIntervalSince1970: retryAfter + 0.01)
            for attempt in 2...4 {
                let listing = try await registry.store.failJob(
                    id: job.id, deviceId: device.deviceId, error: "out of disk (\(attempt))", now: now)
                XCTAssertEqual(listing.job.attempts, attempt)
                now = (listing.job.retryAfter ?? now).addingTimeInterval(0.01)
            }
            let givenUp = try await Self.fail(client, job.id, token, error: "again")
            XCTAssertEqual(givenUp.state, "failed")
            XCTAssertEqual(givenUp.attempts, 4, "a report after the job was given up changes nothing")
            XCTAssertEqual(givenUp.error, "out of disk (4)")

            let reported = try await Self.plan(client, admin)
            let entry = try XCTUnwrap(reported.entries.first)
            XCTAssertEqual(entry.decision, .noFeasibleVariant, "the planner no longer waits for it")
            XCTAssertEqual(reported.pendingJobs, 0)
            let note = "lite0 fp32 not measured: its benchmark failed 4 times, last: out of disk (4)"
            XCTAssertTrue(entry.reason.contains(note), entry.reason)
            let offeredAfter = try await Self.offered(client, token)
            XCTAssertEqual(offeredAfter, [])
        }
    }

    /// The jobs the device is asked to run now.
    private static func offered(_ client: any TestClientProtocol, _ token: HTTPFields) async throws -> [BenchmarkJobView] {
        try API.decode([BenchmarkJobView].self, try await client.execute(uri: "/v1/jobs", method: .get, headers: token))
    }

    /// Reports job `id` failed, as its device.
    private static func fail(
        _ client: any TestClientProtocol, _ id: String, _ token: HTTPFields, error: String
    ) async throws -> BenchmarkJobView {
        let body = try API.json(JobFailureReport(error: error))
        let response = try await client.execute(uri: "/v1/jobs/\(id)/failure", method: .post, headers: token, body: body)
        return try API.decode(BenchmarkJobView.self, response)
    }

    private static func plan(_ client: any TestClientProtocol, _ admin: HTTPFields) async throws -> PlanView {
        let response = try await client.execute(
            uri: "/v1/plans", method: .post, headers: admin, body: try API.json(CreatePlanRequest(fleet: "demo", allowSynthetic: true)))
        XCTAssertEqual(response.status, .created)
        return try API.decode(PlanView.self, response)
    }
}
