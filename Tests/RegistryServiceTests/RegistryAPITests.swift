import Crypto
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

/// The registry API on a real server on 127.0.0.1 with a real SQLite file and blob store.
final class RegistryAPITests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("registry")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func withRegistry(_ body: @escaping @Sendable (any TestClientProtocol, Registry) async throws -> Void) async throws {
        try await API.withRegistry(in: directory, catalog: false, body)
    }

    func testHealthAndAuthentication() async throws {
        let folder = try XCTUnwrap(directory)
        try await withRegistry { client, registry in
            let health = try await client.execute(uri: "/healthz", method: .get)
            XCTAssertEqual(health.status, .ok)
            let anonymous = try await client.execute(uri: "/v1/fleets", method: .get)
            API.assertError(anonymous, .unauthorized, "bearer")
            let wrong = try await client.execute(uri: "/v1/fleets", method: .get, headers: API.bearer("nope"))
            API.assertError(wrong, .unauthorized, "token")
            let (_, device) = try await API.setUpFleet(client, registry)
            let asDevice = try await client.execute(uri: "/v1/fleets", method: .get, headers: API.bearer(device.deviceToken))
            API.assertError(asDevice, .forbidden, "operators")
            let asAdmin = try await client.execute(uri: "/v1/fleets", method: .get, headers: API.bearer(registry.adminToken))
            XCTAssertEqual(try API.decode([FleetView].self, asAdmin).map(\.devices), [1])
            let adminPostingResult = try await client.execute(
                uri: "/v1/results", method: .post, headers: API.bearer(registry.adminToken), body: ByteBuffer(string: "{}"))
            API.assertError(adminPostingResult, .forbidden, "devices")
            let mode =
                try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("admin.token").path)[.posixPermissions]
                as? Int
            XCTAssertEqual(mode, 0o600)
        }
    }

    func testEnrollmentHeartbeatAndDeviceIsolation() async throws {
        try await withRegistry { client, registry in
            let (fleetToken, device) = try await API.setUpFleet(client, registry)
            let wrongToken = try await client.execute(
                uri: "/v1/enroll", method: .post, headers: API.bearer("x"),
                body: try API.json(EnrollRequest(name: "cam-2", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0")))
            API.assertError(wrongToken, .unauthorized, "enrollment token")
            let reenrolled = try await client.execute(
                uri: "/v1/enroll", method: .post, headers: API.bearer(fleetToken),
                body: try API.json(EnrollRequest(name: "cam-0", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0")))
            XCTAssertEqual(reenrolled.status, .created)
            let first = try API.decode(EnrollResponse.self, reenrolled)
            let rotated = try API.decode(
                EnrollResponse.self,
                try await client.execute(
                    uri: "/v1/enroll", method: .post, headers: API.bearer(first.deviceToken),
                    body: try API.json(EnrollRequest(name: "cam-0", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0"))))
            XCTAssertEqual(
                rotated.deviceId, try API.decode(EnrollResponse.self, reenrolled).deviceId,
                "enrolling again keeps the device and rotates its token")
            let oldToken = try await client.execute(
                uri: "/v1/heartbeat", method: .post, headers: API.bearer(try API.decode(EnrollResponse.self, reenrolled).deviceToken))
            API.assertError(oldToken, .unauthorized, "token")
            let second = try API.decode(
                EnrollResponse.self,
                try await client.execute(
                    uri: "/v1/enroll", method: .post, headers: API.bearer(fleetToken),
                    body: try API.json(EnrollRequest(name: "cam-2", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0"))))
            let heartbeat = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(device.deviceToken))
            XCTAssertEqual(heartbeat.status, .noContent)
            let own = try await client.execute(uri: "/v1/devices/\(device.deviceId)", method: .get, headers: API.bearer(device.deviceToken))
            XCTAssertEqual(try API.decode(DeviceView.self, own).name, "cam-1")
            let other = try await client.execute(
                uri: "/v1/devices/\(second.deviceId)", method: .get, headers: API.bearer(device.deviceToken))
            API.assertError(other, .forbidden, "own")
            let unknown = try await client.execute(uri: "/v1/devices/ghost", method: .get, headers: API.bearer(registry.adminToken))
            API.assertError(unknown, .notFound, "ghost")
            let stored = try await registry.store.device(id: device.deviceId)
            XCTAssertNotEqual(stored.tokenHash, device.deviceToken, "only the hash of a token is stored")
        }
    }

    func testMalformedAndOversizedBodiesLeaveDataIntact() async throws {
        try await withRegistry { client, registry in
            let admin = API.bearer(registry.adminToken)
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("{", .badRequest, "JSON"),
                (#"{"latency_budget_ms": 5}"#, .badRequest, "name"),
                (#"{"name": "x", "latency_budget_ms": "fast"}"#, .badRequest, "latency_budget_ms"),
                (#"{"name": "x", "latency_budget_ms": -1}"#, .badRequest, "latency_budget_ms"),
                (#"{"name": "x", "latency_budget_ms": 5, "percentile": "p42"}"#, .badRequest, "percentile"),
                (#"{"name": "../etc", "latency_budget_ms": 5}"#, .badRequest, "name"),
                (#"{"name": "x", "latency_budget_ms": 5, "pad": ""#, .badRequest, "JSON"),
            ]
            for (body, status, fragment) in cases {
                let response = try await client.execute(uri: "/v1/fleets", method: .post, headers: admin, body: ByteBuffer(string: body))
                API.assertError(response, status, fragment)
            }
            let huge = try await client.execute(
                uri: "/v1/fleets", method: .post, headers: admin, body: ByteBuffer(repeating: UInt8(ascii: " "), count: 200_000))
            XCTAssertEqual(huge.status, .contentTooLarge)
            let fleets = try await registry.store.fleets()
            XCTAssertEqual(fleets.count, 0)
        }
    }

    func testArtifactUploadDownloadWithRangesAndBadUploads() async throws {
        let artifactBytes = try SyntheticWeights.builder(variant: .lite0, seed: 5).encoded()
        let folder = try XCTUnwrap(directory)
        try await withRegistry { client, registry in
            let admin = API.bearer(registry.adminToken)
            let upload = try await client.execute(
                uri: "/v1/artifacts", method: .post, headers: admin, body: ByteBuffer(bytes: artifactBytes))
            XCTAssertEqual(upload.status, .created)
            let view = try API.decode(ArtifactView.self, upload)
            XCTAssertEqual(view.variant, "lite0")
            XCTAssertEqual(view.sizeBytes, artifactBytes.count)
            XCTAssertTrue(view.synthetic)
            XCTAssertEqual(view.id, try Artifact.sha256(ofFileAt: try registry.blobs.url(for: view.id).path))
            let again = try await client.execute(
                uri: "/v1/artifacts", method: .post, headers: admin, body: ByteBuffer(bytes: artifactBytes))
            XCTAssertEqual(try API.decode(ArtifactView.self, again).id, view.id, "uploading the same artifact twice is idempotent")

            let whole = try await client.execute(uri: "/v1/artifacts/\(view.id)/blob", method: .get, headers: admin)
            XCTAssertEqual(whole.status, .ok)
            XCTAssertEqual(Array(whole.body.readableBytesView), artifactBytes)
            var rangeHeaders = admin
            rangeHeaders[.range] = "bytes=1000-"
            let tail = try await client.execute(uri: "/v1/artifacts/\(view.id)/blob", method: .get, headers: rangeHeaders)
            XCTAssertEqual(tail.status, .partialContent)
            XCTAssertEqual(tail.headers[.contentRange], "bytes 1000-\(artifactBytes.count - 1)/\(artifactBytes.count)")
            XCTAssertEqual(Array(tail.body.readableBytesView), Array(artifactBytes[1000...]))
            rangeHeaders[.range] = "bytes=\(artifactBytes.count)-"
            let beyond = try await client.execute(uri: "/v1/artifacts/\(view.id)/blob", method: .get, headers: rangeHeaders)
            XCTAssertEqual(beyond.status, .rangeNotSatisfiable)

            let garbage = try await client.execute(
                uri: "/v1/artifacts", method: .post, headers: admin, body: ByteBuffer(string: "definitely not safetensors"))
            API.assertError(garbage, .badRequest, "not a valid artifact")
            var checked = admin
            checked.append(.init(name: .init("X-Expected-SHA256")!, value: String(repeating: "0", count: 64)))
            let mismatch = try await client.execute(
                uri: "/v1/artifacts", method: .post, headers: checked, body: ByteBuffer(bytes: artifactBytes.prefix(5000)))
            API.assertError(mismatch, .badRequest, "expected")
            let listed = try await registry.store.artifacts()
            XCTAssertEqual(listed.map(\.id), [view.id])
            let blobFiles = try FileManager.default.subpathsOfDirectory(atPath: folder.appendingPathComponent("blobs").path).filter {
                $0.hasSuffix(view.id.suffix(8)) || $0.count > 60
            }
            XCTAssertEqual(blobFiles.count, 1, "only the valid blob is stored: \(blobFiles)")
        }
    }

    func testResultsAreIdempotentAndValidated() async throws {
        let artifactBytes = try SyntheticWeights.builder(variant: .lite0, seed: 6).encoded()
        try await withRegistry { client, registry in
            let (_, device) = try await API.setUpFleet(client, registry)
            let artifact = try API.decode(
                ArtifactView.self,
                try await client.execute(
                    uri: "/v1/artifacts", method: .post, headers: API.bearer(registry.adminToken), body: ByteBuffer(bytes: artifactBytes)))
            let report = API.report(id: "result-1", artifactId: artifact.id)
            let first = try await client.execute(
                uri: "/v1/results", method: .post, headers: API.bearer(device.deviceToken), body: try API.json(report))
            XCTAssertEqual(first.status, .created)
            let retry = try await client.execute(
                uri: "/v1/results", method: .post, headers: API.bearer(device.deviceToken), body: try API.json(report))
            XCTAssertEqual(retry.status, .ok)
            XCTAssertEqual(try API.decode(ResultAcknowledgement.self, retry).stored, false)
            var unordered = report
            unordered.id = "result-2"
            unordered.p90Ms = 1
            API.assertError(
                try await client.execute(
                    uri: "/v1/results", method: .post, headers: API.bearer(device.deviceToken), body: try API.json(unordered)), .badRequest,
                "p90_ms")
            var unknownArtifact = report
            unknownArtifact.id = "result-3"
            unknownArtifact.artifactId = "f00"
            API.assertError(
                try await client.execute(
                    uri: "/v1/results", method: .post, headers: API.bearer(device.deviceToken), body: try API.json(unknownArtifact)),
                .notFound, "f00")
            let listed = try API.decode(
                [BenchmarkReport].self,
                try await client.execute(
                    uri: "/v1/results?device=\(device.deviceId)", method: .get, headers: API.bearer(registry.adminToken)))
            XCTAssertEqual(listed.map(\.id), ["result-1"])
            XCTAssertEqual(listed.first?.deviceId, device.deviceId)
        }
    }

    func testRemeasureOpensTheFleetsMeasuredPairsAgain() async throws {
        let artifactBytes = try SyntheticWeights.builder(variant: .lite0, seed: 8).encoded()
        try await withRegistry { client, registry in
            let admin = API.bearer(registry.adminToken)
            let (_, device) = try await API.setUpFleet(client, registry)
            let artifact = try API.decode(
                ArtifactView.self,
                try await client.execute(uri: "/v1/artifacts", method: .post, headers: admin, body: ByteBuffer(bytes: artifactBytes)))
            let report = API.report(id: "result-1", artifactId: artifact.id)
            let posted = try await client.execute(
                uri: "/v1/results", method: .post, headers: API.bearer(device.deviceToken), body: try API.json(report))
            XCTAssertEqual(posted.status, .created)
            let offered = { () async throws -> [BenchmarkJobView] in
                try API.decode(
                    [BenchmarkJobView].self,
                    try await client.execute(uri: "/v1/jobs", method: .get, headers: API.bearer(device.deviceToken)))
            }
            let before = try await offered()
            XCTAssertEqual(before.count, 0, "measured: nothing to do")
            let opened = try await client.execute(uri: "/v1/fleets/demo/remeasure", method: .post, headers: admin)
            XCTAssertEqual(try API.decode(RemeasureView.self, opened), RemeasureView(fleet: "demo", jobs: 1))
            let after = try await offered()
            XCTAssertEqual(after.map(\.artifactId), [artifact.id], "the device measures it again")
            API.assertError(try await client.execute(uri: "/v1/fleets/ghost/remeasure", method: .post, headers: admin), .notFound, "ghost")
            API.assertError(
                try await client.execute(uri: "/v1/fleets/demo/remeasure", method: .post, headers: API.bearer(device.deviceToken)),
                .forbidden, "operators")
        }
    }

    func testEnrollmentTokenRotationAndOnlineBackup() async throws {
        let folder = try XCTUnwrap(directory)
        try await withRegistry { client, registry in
            let admin = API.bearer(registry.adminToken)
            let (oldToken, device) = try await API.setUpFleet(client, registry)
            let rotated = try await client.execute(uri: "/v1/fleets/demo/enrollment-token", method: .post, headers: admin)
            let newToken = try XCTUnwrap(try API.decode(FleetView.self, rotated).enrollmentToken)
            XCTAssertNotEqual(newToken, oldToken)
            let enroll = EnrollRequest(name: "cam-9", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0")
            API.assertError(
                try await client.execute(uri: "/v1/enroll", method: .post, headers: API.bearer(oldToken), body: try API.json(enroll)),
                .unauthorized, "enrollment token")
            let enrolled = try await client.execute(
                uri: "/v1/enroll", method: .post, headers: API.bearer(newToken), body: try API.json(enroll))
            XCTAssertEqual(enrolled.status, .created)
            let heartbeat = try await client.execute(uri: "/v1/heartbeat", method: .post, headers: API.bearer(device.deviceToken))
            XCTAssertEqual(heartbeat.status, .noContent, "enrolled devices keep working")
            API.assertError(
                try await client.execute(uri: "/v1/fleets/ghost/enrollment-token", method: .post, headers: admin), .notFound, "ghost")
            API.assertError(
                try await client.execute(uri: "/v1/fleets/demo/enrollment-token", method: .post, headers: API.bearer(device.deviceToken)),
                .forbidden, "operators")

            let created = try await client.execute(uri: "/v1/backups", method: .post, headers: admin)
            XCTAssertEqual(created.status, .created)
            let backup = try API.decode(BackupView.self, created)
            let downloaded = try await client.execute(uri: "/v1/backups/\(backup.id)", method: .get, headers: admin)
            let bytes = Data(downloaded.body.readableBytesView)
            XCTAssertEqual(bytes.count, backup.sizeBytes)
            XCTAssertEqual(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined(), backup.sha256)
            let copy = folder.appendingPathComponent("restored.sqlite")
            try bytes.write(to: copy)
            let restored = RegistryStore(database: try RegistryDatabase(path: copy.path))
            let devices = try await restored.devices(fleet: "demo")
            XCTAssertEqual(devices.map(\.name), ["cam-1", "cam-9"], "the backup is a whole, openable registry database")
            API.assertError(
                try await client.execute(uri: "/v1/backups", method: .post, headers: API.bearer(device.deviceToken)), .forbidden,
                "operators")
            API.assertError(try await client.execute(uri: "/v1/backups/registry-1", method: .get, headers: admin), .notFound, "registry-1")
            API.assertError(
                try await client.execute(uri: "/v1/backups/..%2Fadmin.token", method: .get, headers: admin), .badRequest, "not a backup id")
        }
    }
}
