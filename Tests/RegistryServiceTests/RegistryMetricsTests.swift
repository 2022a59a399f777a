import EffCore
import EffFleetTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiteArtifact
import Logging
import RegistryAPI
import RegistryService
import XCTest

/// `GET /metrics` of a registry in this process: who may read it, and what the downloads and the
/// fleet's gauges read. The registry's collectors are its own: nothing is bootstrapped globally.
final class RegistryMetricsTests: XCTestCase {
    func testScrapeTokenAdminOnlyAndExactBlobBytesAndFleetGauges() async throws {
        let directory = try Fixtures.temporaryDirectory("registry-metrics")
        defer { try? FileManager.default.removeItem(at: directory) }
        let scrapeToken = "scrape-" + UUID().uuidString
        let registry = try Registry(
            dataDirectory: directory,
            catalog: try VariantCatalog(contentsOf: Fixtures.repository.appendingPathComponent("Registry/variants.json")),
            metrics: RegistryMetrics(scrapeToken: scrapeToken))
        let app = try RegistryApplication.make(registry: registry, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        let artifactBytes = try SyntheticWeights.builder(variant: .lite0, seed: 3).encoded()
        try await app.test(.live) { client in
            let (_, device) = try await API.setUpFleet(client, registry)
            let admin = API.bearer(registry.adminToken)
            let upload = try await client.execute(
                uri: "/v1/artifacts", method: .post, headers: admin, body: ByteBuffer(bytes: artifactBytes))
            let id = try API.decode(ArtifactView.self, upload).id
            var range = admin
            range[.range] = "bytes=1000-"
            let part = try await client.execute(uri: "/v1/artifacts/\(id)/blob", method: .get, headers: range)
            XCTAssertEqual(part.status, .partialContent)
            let whole = try await client.execute(uri: "/v1/artifacts/\(id)/blob", method: .get, headers: API.bearer(device.deviceToken))
            XCTAssertEqual(whole.status, .ok)

            API.assertError(try await client.execute(uri: "/metrics", method: .get), .unauthorized, "missing bearer token")
            API.assertError(try await client.execute(uri: "/metrics", method: .get, headers: API.bearer("nope")), .unauthorized, "unknown")
            API.assertError(
                try await client.execute(uri: "/metrics", method: .get, headers: API.bearer(device.deviceToken)), .forbidden, "metrics")
            let byAdmin = try await client.execute(uri: "/metrics", method: .get, headers: admin)
            XCTAssertEqual(byAdmin.status, .ok)
            let scraped = try await client.execute(uri: "/metrics", method: .get, headers: API.bearer(scrapeToken))
            XCTAssertEqual(scraped.status, .ok)
            XCTAssertEqual(scraped.headers[.contentType], "text/plain; version=0.0.4; charset=utf-8")
            let lines = Set(String(buffer: scraped.body).split(separator: "\n").map(String.init))
            let served = artifactBytes.count - 1000 + artifactBytes.count
            for expected in [
                "effregistry_blob_bytes_served_total{kind=\"artifact\"} \(served)",
                "effregistry_blob_bytes_served_total{kind=\"backup\"} 0",
                "effregistry_devices{fleet=\"demo\",status=\"online\"} 1.0",
                "effregistry_devices{fleet=\"demo\",status=\"offline\"} 0.0",
                "effregistry_deployments{fleet=\"demo\",state=\"running\"} 0.0",
                "effregistry_results_posted_total{outcome=\"stored\"} 0",
                "# TYPE effregistry_result_commit_batch_size histogram",
            ] {
                XCTAssertTrue(lines.contains(expected), "'\(expected)' not in:\n\(lines.sorted().joined(separator: "\n"))")
            }
        }
    }
}
