import EffFleetTesting
import Foundation
import RegistryAPI
import RegistryClient
import XCTest

/// Metrics and request logs of real processes: a registry (JSON logs, a scrape token) and an agent
/// serving its metrics on loopback, both scraped over HTTP, parsed and checked with promtool.
final class ObservabilityEndToEndTests: XCTestCase {
    func testRegistryAndAgentMetricsAreScrapedAndRequestsLoggedAsJSON() async throws {
        let root = try Fixtures.temporaryDirectory("observability")
        defer { try? FileManager.default.removeItem(at: root) }
        let scrapeToken = "scrape-" + UUID().uuidString
        let tokenFile = root.appendingPathComponent("metrics.token")
        try Data("\(scrapeToken)\n".utf8).write(to: tokenFile)
        let fleet = try FleetHarness(root: root, registryArguments: ["--log-format", "json", "--metrics-token-file", tokenFile.path])
        defer { _ = fleet.stopAll() }
        let admin = try fleet.admin()

        let enrollToken = try fleet.createFleet("obs")
        let artifacts = try fleet.synthesize("lite0", seeds: [1])
        XCTAssertEqual(try fleet.effctl(["artifacts", "push"] + artifacts.map(\.path)).status, 0)
        let agent = try fleet.startAgent("cam", fleet: "obs", enrollToken: enrollToken, extraArguments: ["--metrics", "127.0.0.1:0"])
        try await eventually(timeout: 300, "the agent's benchmarks\n\(fleet.logs)") {
            try await benchmarksSettled(admin, fleet: "obs", count: artifacts.count)
        }
        let deployed = try fleet.effctl("deploy", "--fleet", "obs", "--allow-synthetic", "--wait", "--timeout", "300")
        XCTAssertEqual(deployed.status, 0, deployed.standardError + fleet.logs)
        let views = try await admin.listArtifacts()
        let artifact = try XCTUnwrap(views.first)
        let download = try curlGet("\(fleet.url)/v1/artifacts/\(artifact.id)/blob", token: fleet.adminToken)
        XCTAssertEqual(download.status, 200)

        // Who may read the registry's metrics.
        let metricsURL = "\(fleet.url)/metrics"
        XCTAssertEqual(try curlGet(metricsURL).status, 401)
        XCTAssertEqual(try curlGet(metricsURL, token: "not-a-token").status, 401)
        let devices = try await admin.listDevices(fleet: "obs")
        let device = try XCTUnwrap(devices.first)
        let credentials =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: fleet.agentData("cam").appendingPathComponent("device.json"))) as? [String: Any]
        let deviceToken = try XCTUnwrap(credentials?["device_token"] as? String ?? credentials?["deviceToken"] as? String)
        XCTAssertEqual(try curlGet(metricsURL, token: deviceToken).status, 403)
        XCTAssertEqual(try curlGet(metricsURL, token: fleet.adminToken).status, 200)
        let scraped = try curlGet(metricsURL, token: scrapeToken)
        XCTAssertEqual(scraped.status, 200)

        let registry = try PrometheusExposition(scraped.body)
        let results = try await admin.listResults(device: device.id)
        XCTAssertEqual(registry.value("effregistry_results_posted_total", ["outcome": "stored"]), Double(results.count), scraped.body)
        XCTAssertGreaterThanOrEqual(registry.value("effregistry_result_commit_batch_size_sum") ?? 0, Double(results.count))
        XCTAssertGreaterThanOrEqual(registry.value("effregistry_result_commit_batch_size_count") ?? 0, 1)
        XCTAssertEqual(registry.value("effregistry_devices", ["fleet": "obs", "status": "online"]), 1)
        XCTAssertEqual(registry.value("effregistry_devices", ["fleet": "obs", "status": "offline"]), 0)
        let lag = try XCTUnwrap(registry.value("effregistry_heartbeat_lag_seconds", ["fleet": "obs"]))
        XCTAssertTrue((0..<60).contains(lag), "heartbeat lag \(lag) s")
        XCTAssertEqual(registry.value("effregistry_deployments", ["fleet": "obs", "state": "completed"]), 1)
        XCTAssertEqual(registry.value("effregistry_deployments", ["fleet": "obs", "state": "running"]), 0)
        XCTAssertGreaterThanOrEqual(
            registry.value("effregistry_blob_bytes_served_total", ["kind": "artifact"]) ?? 0, Double(artifact.sizeBytes))
        let posted = ["route": "/v1/results", "method": "POST", "status": "201"]
        XCTAssertEqual(registry.value("effregistry_http_requests_total", posted), Double(results.count))
        XCTAssertEqual(registry.value("effregistry_http_request_duration_seconds_count", posted), Double(results.count))
        XCTAssertGreaterThanOrEqual(
            registry.value("effregistry_http_requests_total", ["route": "/metrics", "method": "GET", "status": "401"]) ?? 0, 2)
        XCTAssertNil(try registry.promtoolProblems(in: root, name: "registry"))

        // The agent's own metrics, on the loopback port it logged.
        let line = try XCTUnwrap(agent.log.split(separator: "\n").first { $0.contains("metrics on http://127.0.0.1:") })
        let agentURL = String(try XCTUnwrap(line.split(separator: " ").last { $0.hasPrefix("http://") }))
        var agentMetrics = try PrometheusExposition(try curlGet(agentURL).body)
        try await eventually(timeout: 60, "an empty outbox\n\(agentMetrics.text)") {
            agentMetrics = try PrometheusExposition(try curlGet(agentURL).body)
            return agentMetrics.value("effagent_outbox_messages") == 0
        }
        for backend in FleetHarness.backends {
            XCTAssertGreaterThanOrEqual(
                agentMetrics.value("effagent_benchmark_duration_seconds_count", ["backend": backend]) ?? 0, 1, agentMetrics.text)
        }
        let contact = try XCTUnwrap(agentMetrics.value("effagent_last_registry_contact_timestamp_seconds"))
        XCTAssertLessThan(abs(Date().timeIntervalSince1970 - contact), 60)
        XCTAssertNil(try agentMetrics.promtoolProblems(in: root, name: "agent"))

        // One JSON line per request, with the caller's kind.
        let lines = fleet.registry.log.split(separator: "\n").compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
        func logged(_ method: String, _ route: String, _ status: Int, _ caller: String) -> Bool {
            lines.contains {
                $0["method"] as? String == method && $0["route"] as? String == route && $0["status"] as? Int == status
                    && $0["caller"] as? String == caller && $0["ms"] is Double
            }
        }
        XCTAssertTrue(logged("POST", "/v1/enroll", 201, "enrollment"), fleet.registry.log.suffix(4000).description)
        XCTAssertTrue(logged("POST", "/v1/results", 201, "device"))
        XCTAssertTrue(logged("POST", "/v1/heartbeat", 204, "device"))
        XCTAssertTrue(logged("GET", "/v1/artifacts/{id}/blob", 200, "admin"))
        XCTAssertTrue(logged("GET", "/metrics", 401, "anonymous"))
        XCTAssertTrue(logged("GET", "/metrics", 401, "unknown"))
        XCTAssertTrue(logged("GET", "/metrics", 200, "metrics"))
    }

    func testTextLogsNameRouteStatusAndCaller() throws {
        let root = try Fixtures.temporaryDirectory("text-logs")
        defer { try? FileManager.default.removeItem(at: root) }
        let fleet = try FleetHarness(root: root, registryArguments: ["--log-format", "text"])
        defer { _ = fleet.stopAll() }
        XCTAssertEqual(try curlGet("\(fleet.url)/healthz").status, 200)
        XCTAssertEqual(try curlGet("\(fleet.url)/v1/fleets", token: fleet.adminToken).status, 200)
        XCTAssertEqual(try curlGet("\(fleet.url)/v1/nowhere").status, 404)
        try ServiceProcess.waitUntil(timeout: 10, "three request lines\n\(fleet.registry.log)") {
            let log = fleet.registry.log
            return log.contains("GET /healthz 200") && log.contains("GET /v1/fleets 200") && log.contains("GET NotFound 404")
        }
        let line = try XCTUnwrap(fleet.registry.log.split(separator: "\n").first { $0.contains("GET /v1/fleets 200") })
        for field in ["method=GET", "route=/v1/fleets", "status=200", "caller=admin", "ms="] {
            XCTAssertTrue(line.contains(field), "'\(field)' not in: \(line)")
        }
    }

    func testAgentServesMetricsOnLoopbackOnly() throws {
        for address in ["0.0.0.0:9701", "192.168.1.2:9701", "127.0.0.1"] {
            let refused = try ProcessRunner.run(
                Fixtures.executable("effagent"),
                [
                    "run", "--registry", "http://127.0.0.1:1", "--name", "cam", "--fleet", "f", "--data", "/nonexistent", "--metrics",
                    address,
                ],
                timeout: 60)
            XCTAssertNotEqual(refused.status, 0, address)
            XCTAssertTrue(refused.standardError.contains("--metrics must"), refused.standardError)
        }
    }
}
