import EffFleetTesting
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import PostgresStore
import PostgresTesting
import RegistryAPI
import RegistryService
import XCTest

/// Two registry replicas on one PostgreSQL database: a device token replaced through one replica
/// stops working on the other at once (LISTEN/NOTIFY), long before the other's token cache would
/// have let it expire.
final class ReplicaTokenRevocationTests: XCTestCase {
    private var database: PostgresTestDatabase?
    private var stores: [RunningPostgresStore] = []
    private var directory: URL!

    override func setUp() async throws {
        if let reason = PostgresTestDatabase.unavailableReason { throw XCTSkip(reason) }
        database = try await PostgresTestDatabase.create(label: "revocation")
        directory = try Fixtures.temporaryDirectory("replica-revocation")
    }

    override func tearDown() async throws {
        for store in stores { await store.close() }
        try await database?.drop()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// A replica: a registry on a store (a pool) of its own, caching device tokens for an hour.
    private func replica() async throws -> Registry {
        let running = try await XCTUnwrap(database).openStore()
        stores.append(running)
        // Replicas share the data folder (blobs, admin token), as they would share a volume.
        return try Registry(dataDirectory: directory, store: running.store, catalog: nil, deviceTokenLifetime: .seconds(3600))
    }

    func testATokenReplacedOnOneReplicaStopsWorkingOnTheOtherAtOnce() async throws {
        let registryA = try await replica()
        let registryB = try await replica()
        let observer = try await XCTUnwrap(database).openStore()
        stores.append(observer)
        let appA = try RegistryApplication.make(registry: registryA, host: "127.0.0.1", port: 0, logger: Logger(label: "replica-a"))
        let appB = try RegistryApplication.make(registry: registryB, host: "127.0.0.1", port: 0, logger: Logger(label: "replica-b"))
        try await appA.test(.live) { clientA in
            try await appB.test(.live) { clientB in
                // Both replicas listen before B caches the token (a subscription empties the cache).
                try await Self.waitUntil("both replicas listen for revocations") {
                    try await observer.store.listeningSessions() >= 2
                }
                let (_, device) = try await API.setUpFleet(clientA, registryA)
                for client in [clientA, clientB] {
                    let warm = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(device.deviceToken))
                    XCTAssertEqual(warm.status, .noContent, "cached on both replicas")
                }
                // The device enrolls again with its own token through replica A: a new token.
                let again = try await clientA.execute(
                    uri: "/v1/enroll", method: .post, headers: API.bearer(device.deviceToken),
                    body: try API.json(EnrollRequest(name: "cam-1", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.1")))
                XCTAssertLessThan(again.status.code, 300)
                let renewed = try API.decode(EnrollResponse.self, again)
                XCTAssertNotEqual(renewed.deviceToken, device.deviceToken)

                let start = ContinuousClock.now
                try await Self.waitUntil("replica B refuses the old token") {
                    let old = try await clientB.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(device.deviceToken))
                    return old.status == .unauthorized
                }
                XCTAssertLessThan(ContinuousClock.now - start, .seconds(5), "within 5 s, against a cache lifetime of an hour")
                let new = try await clientB.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(renewed.deviceToken))
                XCTAssertEqual(new.status, .noContent)
            }
        }
    }

    /// Polls `condition` every 20 ms for at most 10 s.
    private static func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTFail("timed out waiting until \(what)")
    }
}
