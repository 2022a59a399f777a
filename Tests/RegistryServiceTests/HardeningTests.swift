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
import RegistryStore
import XCTest

/// What the hostile-device and new-operator review of the registry found (issue "Operate it for a
/// year"), each on a real server on 127.0.0.1 over a real data folder.
final class HardeningTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("hardening")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func withRegistry(_ body: @escaping @Sendable (any TestClientProtocol, Registry) async throws -> Void) async throws {
        try await API.withRegistry(in: directory, catalog: false, body)
    }

    private static func push(_ bytes: [UInt8], _ client: any TestClientProtocol, _ registry: Registry) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/artifacts", method: .post, headers: API.bearer(registry.adminToken), body: ByteBuffer(bytes: bytes))
    }

    // MARK: Blobs

    func testABlobWhoseUploadDiedBeforeItsRecordIsRemovedAtStartUp() async throws {
        let kept = try SyntheticWeights.builder(variant: .lite0, seed: 11).encoded()
        let orphaned = try SyntheticWeights.builder(variant: .lite0, seed: 12).encoded()
        try await withRegistry { client, registry in
            let artifact = try API.decode(ArtifactView.self, try await Self.push(kept, client, registry))
            // What an upload killed between its rename and its record leaves: a whole blob, no record.
            let writer = try registry.blobs.makeWriter(limit: 64 << 20)
            try orphaned.withUnsafeBytes { try writer.write($0) }
            let orphan = try writer.commit()
            XCTAssertEqual(Set(registry.blobs.digests()), [artifact.id, orphan])

            let removed = try await registry.removeOrphanBlobs(logger: Logger(label: "test"))
            XCTAssertEqual(removed, 1)
            XCTAssertEqual(registry.blobs.digests(), [artifact.id], "the recorded artifact's blob stays")
        }
    }

    func testACorruptedBlobIsNeverServedAndPushingTheArtifactAgainRepairsIt() async throws {
        let bytes = try SyntheticWeights.builder(variant: .lite0, seed: 13).encoded()
        try await withRegistry { client, registry in
            let admin = API.bearer(registry.adminToken)
            let artifact = try API.decode(ArtifactView.self, try await Self.push(bytes, client, registry))
            let path = try registry.blobs.url(for: artifact.id)
            var damaged = bytes
            damaged[damaged.count / 2] ^= 0xff
            try Data(damaged).write(to: path)

            let served = try await client.execute(uri: "/v1/artifacts/\(artifact.id)/blob", method: .get, headers: admin)
            API.assertError(served, .internalServerError, "push the artifact again")
            XCTAssertFalse(String(buffer: served.body).contains(path.path), "no server path in the answer")

            let answer69 = try await Self.push(bytes, client, registry).status
            XCTAssertEqual(answer69, .created)
            let repaired = try await client.execute(uri: "/v1/artifacts/\(artifact.id)/blob", method: .get, headers: admin)
            XCTAssertEqual(repaired.status, .ok)
            XCTAssertEqual(Array(repaired.body.readableBytesView), bytes)
        }
    }

    func testANonArtifactIsRefusedWithoutNamingAServerPath() async throws {
        let folder = try XCTUnwrap(directory)
        try await withRegistry { client, registry in
            let refused = try await Self.push(Array("definitely not safetensors".utf8), client, registry)
            API.assertError(refused, .badRequest, "not a valid artifact")
            XCTAssertFalse(String(buffer: refused.body).contains(folder.path), String(buffer: refused.body))
        }
    }

    // MARK: Range (RFC 9110 §14)

    func testRangeHeadersAreReadAsRFC9110Says() {
        let size = 1000
        let cases: [(header: String?, expected: ByteRangeRequest)] = [
            (nil, .whole),
            ("bytes=0-99", .part(0...99)),
            ("bytes=900-", .part(900...999)),
            ("bytes=-100", .part(900...999)),
            ("bytes=-5000", .part(0...999)),
            ("BYTES=10-19", .part(10...19)),
            ("bytes=990-5000", .part(990...999)),  // last position beyond the end: clamped
            ("bytes=0-99999999999999999999999", .part(0...999)),
            ("bytes=0-1,5-6", .whole),  // several ranges: ignored
            ("items=0-5", .whole),  // another unit: ignored
            ("bytes=abc", .whole),  // no valid range-spec: ignored
            ("bytes=20-10", .whole),
            ("bytes=1000-", .unsatisfiable),
            ("bytes=-0", .unsatisfiable),
        ]
        for (header, expected) in cases {
            XCTAssertEqual(ByteRangeRequest(header, size: size), expected, header ?? "no header")
        }
    }

    func testAMultipleRangeRequestGetsTheWholeBlob() async throws {
        let bytes = try SyntheticWeights.builder(variant: .lite0, seed: 14).encoded()
        try await withRegistry { client, registry in
            let artifact = try API.decode(ArtifactView.self, try await Self.push(bytes, client, registry))
            var headers = API.bearer(registry.adminToken)
            headers[.range] = "bytes=0-1,5-6"
            let whole = try await client.execute(uri: "/v1/artifacts/\(artifact.id)/blob", method: .get, headers: headers)
            XCTAssertEqual(whole.status, .ok)
            XCTAssertEqual(whole.body.readableBytes, bytes.count)
            headers[.range] = "bytes=\(bytes.count - 10)-\(bytes.count + 500)"
            let clamped = try await client.execute(uri: "/v1/artifacts/\(artifact.id)/blob", method: .get, headers: headers)
            XCTAssertEqual(clamped.status, .partialContent)
            XCTAssertEqual(Array(clamped.body.readableBytesView), Array(bytes.suffix(10)))
        }
    }

    // MARK: Backups

    func testConcurrentBackupsAnswerOnlyIdsThatCanBeDownloaded() async throws {
        try await withRegistry { client, registry in
            _ = try await API.setUpFleet(client, registry)
            let admin = API.bearer(registry.adminToken)
            let answers = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<8 { group.addTask { try await client.execute(uri: "/v1/backups", method: .post, headers: admin) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(answers.count, 8)
            let created = try answers.filter { $0.status == .created }.map { try API.decode(BackupView.self, $0) }
            XCTAssertFalse(created.isEmpty)
            for refused in answers where refused.status != .created { API.assertError(refused, .conflict, "backup is being taken") }
            for backup in created {
                let download = try await client.execute(uri: "/v1/backups/\(backup.id)", method: .get, headers: admin)
                XCTAssertEqual(download.status, .ok, "backup \(backup.id) was answered, so it is kept")
                XCTAssertEqual(download.body.readableBytes, backup.sizeBytes)
            }
        }
    }

    func testTheDatabaseAndItsBackupsAreReadableByTheirOwnerOnly() async throws {
        let folder = try XCTUnwrap(directory)
        try await withRegistry { client, registry in
            let created = try API.decode(
                BackupView.self, try await client.execute(uri: "/v1/backups", method: .post, headers: API.bearer(registry.adminToken)))
            for path in ["registry.sqlite", "backups/\(created.id).sqlite", "admin.token"] {
                let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)
                XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, path)
            }
        }
    }

    // MARK: Input

    func testFreeTextIsLimitedInBytesNotCharacters() async throws {
        try await withRegistry { client, registry in
            let (fleetToken, _) = try await API.setUpFleet(client, registry)
            var hardware = API.hardware
            hardware.cpuModel = "z" + String(repeating: "\u{0301}", count: 15_000)
            XCTAssertEqual(hardware.cpuModel.count, 1, "one grapheme cluster")
            let enroll = EnrollRequest(name: "zalgo", fleet: "demo", hardware: hardware, engineVersion: "0.1.0")
            API.assertError(
                try await client.execute(uri: "/v1/enroll", method: .post, headers: API.bearer(fleetToken), body: try API.json(enroll)),
                .badRequest, "hardware.cpu_model")
            let longVersion = EnrollRequest(
                name: "cam-2", fleet: "demo", hardware: API.hardware, engineVersion: String(repeating: "9", count: 65))
            API.assertError(
                try await client.execute(
                    uri: "/v1/enroll", method: .post, headers: API.bearer(fleetToken), body: try API.json(longVersion)),
                .badRequest, "engine_version")
        }
    }

    func testSinceMustBeAFiniteNumber() async throws {
        try await withRegistry { client, registry in
            for since in ["abc", "nan", "inf", "1e400", "-inf", "0x10"] {
                API.assertError(
                    try await client.execute(uri: "/v1/results?since=\(since)", method: .get, headers: API.bearer(registry.adminToken)),
                    .badRequest, "since")
            }
            let fine = try await client.execute(uri: "/v1/results?since=1.5e9", method: .get, headers: API.bearer(registry.adminToken))
            XCTAssertEqual(fine.status, .ok)
        }
    }

    func testFleetsNamedDotOrDotDotAreRefused() async throws {
        try await withRegistry { client, registry in
            for name in [".", ".."] {
                API.assertError(
                    try await client.execute(
                        uri: "/v1/fleets", method: .post, headers: API.bearer(registry.adminToken),
                        body: try API.json(CreateFleetRequest(name: name, latencyBudgetMs: 20))),
                    .badRequest, "'.' or '..'")
            }
        }
    }

    // MARK: Secrets

    func testEnrollmentAnswersAnUnknownFleetAsAWrongToken() async throws {
        try await withRegistry { client, registry in
            _ = try await API.setUpFleet(client, registry)
            let wrongToken = try await client.execute(
                uri: "/v1/enroll", method: .post, headers: API.bearer(Token.generate()),
                body: try API.json(EnrollRequest(name: "x", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0")))
            let unknownFleet = try await client.execute(
                uri: "/v1/enroll", method: .post, headers: API.bearer(Token.generate()),
                body: try API.json(EnrollRequest(name: "x", fleet: "secret", hardware: API.hardware, engineVersion: "0.1.0")))
            XCTAssertEqual(wrongToken.status, .unauthorized)
            XCTAssertEqual(unknownFleet.status, .unauthorized)
            XCTAssertEqual(
                String(buffer: unknownFleet.body).replacingOccurrences(of: "secret", with: "demo"), String(buffer: wrongToken.body),
                "the same answer but for the name the caller sent")
        }
    }

    func testTheAdminTokenRotatesWithoutARestart() async throws {
        let folder = try XCTUnwrap(directory)
        try await withRegistry { client, registry in
            let old = registry.adminToken
            let answer227 = try await client.execute(uri: "/v1/fleets", method: .get, headers: API.bearer(old)).status
            XCTAssertEqual(answer227, .ok)
            let new = try AdminToken.rotate(in: folder)
            // The registry looks at the file at most once a second: poll, bounded.
            var status = HTTPResponse.Status.ok
            for _ in 0..<50 where status != .unauthorized {
                try await Task.sleep(for: .milliseconds(100))
                status = try await client.execute(uri: "/v1/fleets", method: .get, headers: API.bearer(old)).status
            }
            XCTAssertEqual(status, .unauthorized, "the old token stops within the bound")
            let answer236 = try await client.execute(uri: "/v1/fleets", method: .get, headers: API.bearer(new)).status
            XCTAssertEqual(answer236, .ok)
            XCTAssertEqual(registry.adminToken, new)
        }
    }
}
