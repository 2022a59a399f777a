import EffFleetTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import RegistryAPI
import RegistryService
import RegistryStore
import XCTest

/// Plans and artifact views say which top-1 figure the planner used and where it came from.
final class Top1SourceTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("registry-top1")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func result(_ id: String, artifact: String, p90: Double) -> BenchmarkReport {
        BenchmarkReport(
            id: id, artifactId: artifact,
            figures: BenchmarkFigures(
                threads: 1, runs: 20, meanMs: p90 * 0.9, stdMs: 0.2, minMs: p90 * 0.8, p50Ms: p90 * 0.9,
                p90Ms: p90, p99Ms: p90 * 1.1, maxMs: p90 * 1.2, initMs: 20, firstMs: 12, peakRssMb: 60, engineVersion: "0.1.0"))
    }

    func testPlansCarryTheSourceOfTheirTop1AndOldRecordsFallBackToPublished() async throws {
        try await API.withRegistry(in: directory, catalog: true) { client, registry in
            let admin = API.bearer(registry.adminToken)
            let (_, device) = try await API.setUpFleet(client, registry)  // cam-1, budget 10 ms
            let measured = String(repeating: "b", count: 64)
            let old = String(repeating: "c", count: 64)
            try await registry.store.addArtifact(
                ArtifactRecord(
                    id: measured, variant: "lite0", precision: "int8", sizeBytes: 10, origin: "pretrained:test", isSynthetic: false,
                    publishedTop1: 74.4, measuredTop1: 72.92, top1Source: "fp32-minus-disagreement",
                    top1Detail: "published FP32 top-1 75.1 % − 2.18 %",
                    agreementInputs: 600, agreementDisagreements: 7, disagreementUpperBound: 0.0218))
            // A record stored before sources were recorded (top1Source nil).
            try await registry.store.addArtifact(
                ArtifactRecord(
                    id: old, variant: "lite1", precision: "int8", sizeBytes: 10, origin: "pretrained:test", isSynthetic: false,
                    publishedTop1: 75.9))

            let oldView = try API.decode(
                ArtifactView.self, try await client.execute(uri: "/v1/artifacts/\(old)", method: .get, headers: admin))
            XCTAssertEqual(oldView.top1, 75.9)
            XCTAssertEqual(oldView.top1Source, "published-int8")
            XCTAssertNil(oldView.agreement)
            let measuredView = try API.decode(
                ArtifactView.self, try await client.execute(uri: "/v1/artifacts/\(measured)", method: .get, headers: admin))
            XCTAssertEqual(measuredView.top1, 72.92)
            XCTAssertEqual(measuredView.publishedTop1, 74.4)
            XCTAssertEqual(measuredView.agreement, AgreementView(inputs: 600, disagreements: 7, disagreementUpperBound: 0.0218))

            let token = API.bearer(device.deviceToken)
            for (id, artifact, p90) in [("r1", measured, 5.0), ("r2", old, 6.0)] {
                let posted = try await client.execute(
                    uri: "/v1/results", method: .post, headers: token, body: try API.json(Self.result(id, artifact: artifact, p90: p90)))
                XCTAssertEqual(posted.status, .created)
            }
            let first = try API.decode(
                PlanView.self,
                try await client.execute(
                    uri: "/v1/plans", method: .post, headers: admin, body: try API.json(CreatePlanRequest(fleet: "demo"))))
            XCTAssertEqual(first.entries.first?.artifactId, old, "75.9 (published INT8) beats 72.92 (measured)")
            XCTAssertEqual(first.entries.first?.top1, 75.9)
            XCTAssertEqual(first.entries.first?.top1Source, "published-int8")

            // The old artifact measured again, now too slow: the measured one is chosen, and says so.
            try await Task.sleep(for: .milliseconds(20))
            let slower = try await client.execute(
                uri: "/v1/results", method: .post, headers: token, body: try API.json(Self.result("r3", artifact: old, p90: 30)))
            XCTAssertEqual(slower.status, .created)
            let second = try API.decode(
                PlanView.self,
                try await client.execute(
                    uri: "/v1/plans", method: .post, headers: admin, body: try API.json(CreatePlanRequest(fleet: "demo"))))
            XCTAssertEqual(second.entries.first?.artifactId, measured)
            XCTAssertEqual(second.entries.first?.top1, 72.92)
            XCTAssertEqual(second.entries.first?.top1Source, "fp32-minus-disagreement")
            let stored = try API.decode(
                PlanView.self, try await client.execute(uri: "/v1/plans/\(second.id)", method: .get, headers: admin))
            XCTAssertEqual(stored.entries.first?.top1Source, "fp32-minus-disagreement")
        }
    }
}
