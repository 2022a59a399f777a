import EffFleetTesting
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import RegistryAPI
import RegistryService
import RegistryStore
import XCTest

/// The device write paths under concurrency, through a real server on 127.0.0.1: grouped result
/// commits, coalesced heartbeats, cached device tokens.
final class DeviceWritePathTests: XCTestCase {
    private var directory: URL!
    private static let artifactID = String(repeating: "b", count: 64)

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("write-paths")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func run(
        tokenLifetime: Duration = .seconds(10), heartbeatInterval: Duration = .seconds(1),
        _ body: @escaping @Sendable (any TestClientProtocol, Registry) async throws -> Void
    ) async throws -> Registry {
        let registry = try Registry(
            dataDirectory: directory, catalog: nil, maximumArtifactSize: 1 << 20, deviceTokenLifetime: tokenLifetime,
            heartbeatInterval: heartbeatInterval)
        try await registry.store.addArtifact(
            ArtifactRecord(
                id: Self.artifactID, variant: "lite0", precision: "fp32", sizeBytes: 10, origin: "synthetic:1", isSynthetic: true,
                publishedTop1: 75.1))
        let app = try RegistryApplication.make(registry: registry, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(.live) { client in try await body(client, registry) }
        return registry
    }

    private static func report(_ id: String) -> BenchmarkReport {
        BenchmarkReport(
            id: id, artifactId: artifactID,
            figures: BenchmarkFigures(
                threads: 1, runs: 50, meanMs: 9, stdMs: 0.3, minMs: 8.5, p50Ms: 9,
                p90Ms: 9.4, p99Ms: 9.9, maxMs: 10.5, initMs: 25, firstMs: 14, peakRssMb: 66, engineVersion: "0.1.0"))
    }

    private static func enroll(_ client: any TestClientProtocol, fleetToken: String, name: String) async throws -> EnrollResponse {
        let response = try await client.execute(
            uri: "/v1/enroll", method: .post, headers: API.bearer(fleetToken),
            body: try API.json(EnrollRequest(name: name, fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0")))
        XCTAssertEqual(response.status, .created)
        return try API.decode(EnrollResponse.self, response)
    }

    func testConcurrentResultPostsAreEachStoredExactlyOnceAndAcknowledgedAfterCommit() async throws {
        _ = try await run { client, registry in
            let (fleetToken, first) = try await API.setUpFleet(client, registry)
            let second = try await Self.enroll(client, fleetToken: fleetToken, name: "cam-2")
            let devices = [first, second]
            // 150 ids, each posted twice (a retry racing its original), plus bad posts mixed in.
            let statuses = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                for index in 0..<300 {
                    let device = devices[index % 2]
                    let id = "r\(index % 150)"
                    group.addTask {
                        let response = try await client.execute(
                            uri: "/v1/results", method: .post, headers: API.bearer(device.deviceToken), body: try API.json(Self.report(id)))
                        if response.status == .created || response.status == .ok {
                            // Acknowledged means committed: the row is there now.
                            let stored = try await registry.store.results().contains { $0.id == id }
                            XCTAssertTrue(stored, "\(id) acknowledged before it was stored")
                        }
                        return (id, response.status)
                    }
                }
                for index in 0..<20 {
                    group.addTask {
                        var bad = Self.report("bad-\(index)")
                        bad.artifactId = "f00"
                        let response = try await client.execute(
                            uri: "/v1/results", method: .post, headers: API.bearer(first.deviceToken), body: try API.json(bad))
                        API.assertError(response, .notFound, "f00")
                        return (bad.id, response.status)
                    }
                }
                return try await group.reduce(into: [(String, HTTPResponse.Status)]()) { $0.append($1) }
            }
            XCTAssertEqual(statuses.filter { $0.1 == .created }.count, 150)
            XCTAssertEqual(statuses.filter { $0.1 == .ok }.count, 150)
            XCTAssertEqual(Set(statuses.filter { $0.1 == .created }.map(\.0)).count, 150, "one 201 per id")
            let rows = try await registry.store.results()
            XCTAssertEqual(rows.count, 150)
            let malformed = try await client.execute(
                uri: "/v1/results", method: .post, headers: API.bearer(first.deviceToken), body: ByteBuffer(string: "{\"id\": 3"))
            API.assertError(malformed, .badRequest, "JSON")
        }
    }

    func testHeartbeatsAreWrittenAtShutdown() async throws {
        let seen = try await run(heartbeatInterval: .seconds(3600)) { client, registry in
            let (_, device) = try await API.setUpFleet(client, registry)
            try await registry.sqlite.database.pool.write { db in try db.execute(sql: "UPDATE device SET lastSeenAt = NULL") }
            let heartbeat = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(device.deviceToken))
            XCTAssertEqual(heartbeat.status, .noContent)
            let before = try await registry.store.device(id: device.deviceId).lastSeenAt
            XCTAssertNil(before, "an hour-long interval: not written while the server runs")
        }
        let devices = try await seen.store.devices()
        XCTAssertEqual(devices.count, 1)
        XCTAssertNotNil(devices.first?.lastSeenAt, "written when the server shut down")
    }

    func testACachedTokenStopsAuthorizingOnceItsDeviceIsDeletedOrItsTokenReplaced() async throws {
        _ = try await run(tokenLifetime: .milliseconds(300)) { client, registry in
            let (fleetToken, device) = try await API.setUpFleet(client, registry)
            let rotated = try await Self.enroll(client, fleetToken: fleetToken, name: "cam-2")
            let forgotten = try await Self.enroll(client, fleetToken: fleetToken, name: "cam-3")
            for token in [device.deviceToken, rotated.deviceToken, forgotten.deviceToken] {
                let warm = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(token))
                XCTAssertEqual(warm.status, .noContent, "now cached")
            }
            // Changed behind the service's back (another process, or a tool on the database).
            let newToken = Token.generate()
            try await registry.sqlite.database.pool.write { db in
                try db.execute(sql: "DELETE FROM device WHERE id = ?", arguments: [device.deviceId])
                try db.execute(sql: "UPDATE device SET tokenHash = ? WHERE id = ?", arguments: [Token.hash(newToken), rotated.deviceId])
                try db.execute(sql: "DELETE FROM device WHERE id = ?", arguments: [forgotten.deviceId])
            }
            // Told: no longer authorized at once.
            registry.forgetDevice(id: forgotten.deviceId)
            API.assertError(
                try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(forgotten.deviceToken)), .unauthorized,
                "unknown token")
            // The new token works at once: unknown tokens are never cached.
            let renewed = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(newToken))
            XCTAssertEqual(renewed.status, .noContent)
            // Not told: authorized at most for the cache lifetime.
            try await Task.sleep(for: .milliseconds(400))
            API.assertError(
                try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(device.deviceToken)), .unauthorized,
                "unknown token")
            API.assertError(
                try await client.execute(uri: "/v1/jobs", method: .get, headers: API.bearer(rotated.deviceToken)), .unauthorized,
                "unknown token")
            API.assertError(
                try await client.execute(
                    uri: "/v1/results", method: .post, headers: API.bearer(device.deviceToken), body: try API.json(Self.report("late"))),
                .unauthorized, "unknown token")
        }
    }
}
