import EffCore
import EffFleetTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresTesting
import RegistryAPI
import RegistryService
import XCTest

/// Request helpers for the registry tests.
enum API {
    /// The variable that puts the registries of ``withRegistry(in:catalog:_:)`` on PostgreSQL
    /// (`postgres`): `scripts/test` runs the API suites a second time so.
    static let databaseVariable = "EFF_REGISTRY_TEST_DATABASE"

    /// Runs `body` against a live registry on 127.0.0.1 over `directory`, with the repository's
    /// variant catalog unless `catalog` is false; its records are in `directory`'s SQLite database,
    /// or in a fresh PostgreSQL database when ``databaseVariable`` is `postgres`.
    static func withRegistry(
        in directory: URL, catalog: Bool = true, _ body: @escaping @Sendable (any TestClientProtocol, Registry) async throws -> Void
    ) async throws {
        let variants = catalog ? try VariantCatalog(contentsOf: Fixtures.repository.appendingPathComponent("Registry/variants.json")) : nil
        guard ProcessInfo.processInfo.environment[databaseVariable] == "postgres" else {
            let registry = try Registry(dataDirectory: directory, catalog: variants, maximumArtifactSize: 64 << 20)
            let app = try RegistryApplication.make(registry: registry, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
            try await app.test(.live) { client in try await body(client, registry) }
            return
        }
        let database = try await PostgresTestDatabase.create(label: "api")
        let running = try await database.openStore()
        do {
            let registry = try Registry(dataDirectory: directory, store: running.store, catalog: variants, maximumArtifactSize: 64 << 20)
            let app = try RegistryApplication.make(registry: registry, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
            try await app.test(.live) { client in try await body(client, registry) }
        } catch {
            await running.close()
            try? await database.drop()
            throw error
        }
        await running.close()
        try await database.drop()
    }

    static func json<T: Encodable>(_ value: T) throws -> ByteBuffer {
        ByteBuffer(bytes: try SnakeCaseJSON.encoder().encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try SnakeCaseJSON.decoder().decode(T.self, from: Data(response.body.readableBytesView))
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    /// Asserts an error status with a JSON body `{"error":{"message":…}}` mentioning `fragment`.
    static func assertError(
        _ response: TestResponse, _ status: HTTPResponse.Status, _ fragment: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(response.status, status, file: file, line: line)
        let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: [String: String]]
        let message = object?["error"]?["message"] ?? "<no JSON error body>"
        XCTAssertTrue(message.contains(fragment), "'\(fragment)' not in '\(message)'", file: file, line: line)
    }

    /// A valid result of artifact `artifactId`: 50 runs around 9 ms on one thread.
    static func report(id: String, artifactId: String) -> BenchmarkReport {
        BenchmarkReport(
            id: id, artifactId: artifactId,
            figures: BenchmarkFigures(
                threads: 1, runs: 50, meanMs: 9, stdMs: 0.3, minMs: 8.5, p50Ms: 9,
                p90Ms: 9.4, p99Ms: 9.9, maxMs: 10.5, initMs: 25, firstMs: 14, peakRssMb: 66, engineVersion: "0.1.0"))
    }

    static let hardware = HardwareReport(
        cpuModel: "AMD EPYC", cores: 2, memoryMb: 24_000, architecture: "x86_64", backend: "xnnpack", threads: 1)

    static func setUpFleet(
        _ client: any TestClientProtocol, _ registry: Registry
    ) async throws -> (fleetToken: String, device: EnrollResponse) {
        let fleet = try await client.execute(
            uri: "/v1/fleets", method: .post, headers: API.bearer(registry.adminToken),
            body: try API.json(CreateFleetRequest(name: "demo", latencyBudgetMs: 20, allowSynthetic: true)))
        XCTAssertEqual(fleet.status, .created)
        let token = try XCTUnwrap(try API.decode(FleetView.self, fleet).enrollmentToken)
        let enroll = try await client.execute(
            uri: "/v1/enroll", method: .post, headers: API.bearer(token),
            body: try API.json(
                EnrollRequest(name: "cam-1", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0", latencyBudgetMs: 10)))
        XCTAssertEqual(enroll.status, .created)
        return (token, try API.decode(EnrollResponse.self, enroll))
    }
}
