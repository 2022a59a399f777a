import EffCore
import EffFleetTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiteArtifact
import Logging
import PostgresStore
import PostgresTesting
import RegistryAPI
import RegistryService
import RegistryStore
import XCTest

/// Two registry replicas on one PostgreSQL database, each with a data folder of its own: an artifact
/// pushed through one is served by the other (its cache filled from the database, the digest checked),
/// a download cut on one resumes on the other, and damage to either copy never reaches a client.
final class ReplicaBlobTests: XCTestCase {
    private var database: PostgresTestDatabase?
    private var stores: [RunningPostgresStore] = []
    private var directory: URL!

    override func setUp() async throws {
        if let reason = PostgresTestDatabase.unavailableReason { throw XCTSkip(reason) }
        database = try await PostgresTestDatabase.create(label: "blobs")
        directory = try Fixtures.temporaryDirectory("replica-blobs")
    }

    override func tearDown() async throws {
        for store in stores { await store.close() }
        try await database?.drop()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// A replica with its own pool and its own data folder (its blob cache), sharing `admin.token`.
    private func replica(_ name: String) async throws -> (Registry, PostgresStore) {
        let running = try await XCTUnwrap(database).openStore()
        stores.append(running)
        let data = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let token = directory.appendingPathComponent("admin.token")
        if FileManager.default.fileExists(atPath: token.path) {
            try FileManager.default.copyItem(at: token, to: data.appendingPathComponent("admin.token"))
        }
        let registry = try Registry(dataDirectory: data, store: running.store, catalog: nil, maximumArtifactSize: 64 << 20)
        if !FileManager.default.fileExists(atPath: token.path) {
            try FileManager.default.copyItem(at: data.appendingPathComponent("admin.token"), to: token)
        }
        return (registry, running.store)
    }

    private func withReplicas(
        _ body:
            @escaping @Sendable (_ a: any TestClientProtocol, _ b: any TestClientProtocol, Registry, Registry, PostgresStore) async throws
            -> Void
    ) async throws {
        let (registryA, store) = try await replica("a")
        let (registryB, _) = try await replica("b")
        let appA = try RegistryApplication.make(registry: registryA, host: "127.0.0.1", port: 0, logger: Logger(label: "replica-a"))
        let appB = try RegistryApplication.make(registry: registryB, host: "127.0.0.1", port: 0, logger: Logger(label: "replica-b"))
        try await appA.test(.live) { clientA in
            try await appB.test(.live) { clientB in try await body(clientA, clientB, registryA, registryB, store) }
        }
    }

    private static func push(_ bytes: [UInt8], _ client: any TestClientProtocol, _ registry: Registry) async throws -> ArtifactView {
        let response = try await client.execute(
            uri: "/v1/artifacts", method: .post, headers: API.bearer(registry.adminToken), body: ByteBuffer(bytes: bytes))
        XCTAssertEqual(response.status, .created)
        return try API.decode(ArtifactView.self, response)
    }

    private static func blob(
        _ id: String, _ client: any TestClientProtocol, _ registry: Registry, range: String? = nil
    ) async throws -> TestResponse {
        var headers = API.bearer(registry.adminToken)
        if let range { headers[.range] = range }
        return try await client.execute(uri: "/v1/artifacts/\(id)/blob", method: .get, headers: headers)
    }

    func testAnArtifactPushedThroughOneReplicaIsServedByTheOtherAndADownloadResumesAcrossThem() async throws {
        let bytes = try SyntheticWeights.builder(variant: .lite0, seed: 21).encoded()
        try await withReplicas { clientA, clientB, registryA, registryB, store in
            let artifact = try await Self.push(bytes, clientA, registryA)
            let stored = try await store.blobDigests()
            XCTAssertEqual(stored, [artifact.id], "the blob is in the database")
            XCTAssertFalse(registryB.blobs.contains(artifact.id), "replica B has not seen it yet")

            // A download cut after the first 100,000 bytes on A resumes with a Range request on B.
            let head = try await Self.blob(artifact.id, clientA, registryA, range: "bytes=0-99999")
            XCTAssertEqual(head.status, .partialContent)
            let tail = try await Self.blob(artifact.id, clientB, registryB, range: "bytes=100000-")
            XCTAssertEqual(tail.status, .partialContent)
            XCTAssertEqual(Array(head.body.readableBytesView) + Array(tail.body.readableBytesView), bytes)
            XCTAssertTrue(try registryB.blobs.isIntact(artifact.id), "B's cache holds a verified copy")
        }
    }

    func testADamagedCacheIsRefilledAndADamagedDatabaseCopyIsNeverServedUntilPushedAgain() async throws {
        let bytes = try SyntheticWeights.builder(variant: .lite0, seed: 22).encoded()
        try await withReplicas { clientA, clientB, registryA, registryB, store in
            let artifact = try await Self.push(bytes, clientA, registryA)
            // B's cached copy rots on disk: B copies it again from the database.
            let first = try await Self.blob(artifact.id, clientB, registryB)
            XCTAssertEqual(Array(first.body.readableBytesView), bytes)
            var rotten = bytes
            rotten[rotten.count / 2] ^= 0xff
            try Data(rotten).write(to: try registryB.blobs.url(for: artifact.id))
            let refilled = try await Self.blob(artifact.id, clientB, registryB)
            XCTAssertEqual(refilled.status, .ok)
            XCTAssertEqual(Array(refilled.body.readableBytesView), bytes)

            // The database's copy is damaged and B's cache is gone: 500, the bad copy is dropped…
            try await store.damageBlob(sha256: artifact.id)
            registryB.blobs.remove(artifact.id)
            let refused = try await Self.blob(artifact.id, clientB, registryB)
            API.assertError(refused, .internalServerError, "push the artifact again")
            let left = try await store.blobDigests()
            XCTAssertEqual(left, [], "the damaged copy is removed from the database")
            // …A still serves its own intact copy, and pushing again repairs B.
            let fromA = try await Self.blob(artifact.id, clientA, registryA)
            XCTAssertEqual(Array(fromA.body.readableBytesView), bytes)
            _ = try await Self.push(bytes, clientA, registryA)
            let repaired = try await Self.blob(artifact.id, clientB, registryB)
            XCTAssertEqual(Array(repaired.body.readableBytesView), bytes)
        }
    }

    func testOrphanedAndDeletedBlobsLeaveTheDatabase() async throws {
        let kept = try SyntheticWeights.builder(variant: .lite0, seed: 23).encoded()
        let deleted = try SyntheticWeights.builder(variant: .lite0, seed: 24).encoded()
        let orphaned = try SyntheticWeights.builder(variant: .lite0, seed: 25).encoded()
        let orphan = try XCTUnwrap(directory).appendingPathComponent("orphan.safetensors")
        try await withReplicas { clientA, clientB, registryA, registryB, store in
            let keptView = try await Self.push(kept, clientA, registryA)
            let deletedView = try await Self.push(deleted, clientA, registryA)
            let removal = try await clientB.execute(
                uri: "/v1/artifacts/\(deletedView.id)", method: .delete, headers: API.bearer(registryB.adminToken))
            XCTAssertEqual(removal.status, .noContent)
            let afterDeletion = try await store.blobDigests()
            XCTAssertEqual(afterDeletion, [keptView.id], "deleting through B removes the blob from the database")

            // An upload that died between its blob and its record: swept once older than the bound.
            try Data(orphaned).write(to: orphan)
            let orphanDigest = try Artifact.sha256(ofFileAt: orphan.path)
            try await store.storeBlob(sha256: orphanDigest, file: orphan)
            let young = try await registryB.removeOrphanBlobs(logger: Logger(label: "test"))
            XCTAssertEqual(young, 0, "a fresh blob may belong to an upload in flight on another replica")
            let old = try await registryB.removeOrphanBlobs(logger: Logger(label: "test"), now: Date().addingTimeInterval(7200))
            XCTAssertEqual(old, 1)
            let left = try await store.blobDigests()
            XCTAssertEqual(left, [keptView.id])
        }
    }
}
