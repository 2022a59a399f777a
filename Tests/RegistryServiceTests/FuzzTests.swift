import EffCore
import EffFleetTesting
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiteArtifact
import Logging
import RegistryAPI
import RegistryService
import RegistryStore
import XCTest

/// Random, truncated, oversized and deeply nested bodies and random tokens against every route of
/// a live registry: no request may crash it or get a 5xx, and none may change the database.
/// Seeded, so a failure replays; bounded in requests and time.
final class FuzzTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("registry-fuzz")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Every route; `{…}` are filled with real ids or garbage.
    private static let routes: [(HTTPRequest.Method, String)] = [
        (.get, "/healthz"), (.post, "/v1/fleets"), (.get, "/v1/fleets"), (.post, "/v1/fleets/{fleet}/enrollment-token"),
        (.post, "/v1/fleets/{fleet}/remeasure"),
        (.post, "/v1/enroll"), (.post, "/v1/heartbeat"), (.get, "/v1/devices"), (.get, "/v1/devices/{device}"),
        (.patch, "/v1/devices/{device}"), (.post, "/v1/artifacts"), (.get, "/v1/artifacts"), (.get, "/v1/artifacts/{artifact}"),
        (.get, "/v1/artifacts/{artifact}/blob"), (.post, "/v1/results"), (.get, "/v1/results"), (.get, "/v1/jobs"),
        (.post, "/v1/jobs/{job}/failure"), (.post, "/v1/plans"), (.get, "/v1/plans"), (.get, "/v1/plans/{plan}"),
        (.post, "/v1/deployments"), (.get, "/v1/deployments"), (.get, "/v1/deployments/{deployment}"),
        (.post, "/v1/deployments/{deployment}/rollback"), (.get, "/v1/assignment"), (.post, "/v1/assignments/{assignment}/state"),
        (.post, "/v1/assignments/{assignment}/health"), (.post, "/v1/backups"), (.get, "/v1/backups/{backup}"),
    ]

    /// Routes that change data with a valid token and no body at all: fuzzed with bad tokens only.
    private static let mutateWithoutBody: Set<String> = [
        "/v1/fleets/{fleet}/enrollment-token", "/v1/fleets/{fleet}/remeasure", "/v1/heartbeat", "/v1/deployments/{deployment}/rollback",
        "/v1/backups",
    ]

    func testRandomRequestsNeverCrashNeverFailWith5xxAndChangeNothing() async throws {
        let artifactBytes = try SyntheticWeights.builder(variant: .lite0, seed: 1).encoded()
        try await API.withRegistry(in: try XCTUnwrap(directory)) { client, registry in
            let ids = try await Self.populate(client, registry, artifactBytes: artifactBytes)
            let before = try await Self.fingerprint(registry)
            var random = SplitMix64(seed: 0xEFF_F1EE7)
            let deadline = Date().addingTimeInterval(90)
            var count = 0
            var statuses: [Int: Int] = [:]
            while count < 1500, Date() < deadline {
                count += 1
                let (method, template) = Self.routes[Int(random.next() % UInt64(Self.routes.count))]
                var tokens = ["", "Bearer " + Self.garbage(&random, 40, ascii: true), "Basic xyz", "Bearer "]
                if !Self.mutateWithoutBody.contains(template) {
                    tokens += ["Bearer \(registry.adminToken)", "Bearer \(ids.deviceToken)", "Bearer \(ids.enrollmentToken)"]
                }
                let authorization = tokens[Int(random.next() % UInt64(tokens.count))]
                let path = Self.fill(template, ids: ids, &random)
                let body = Self.body(&random, artifactBytes: artifactBytes)
                var headers = HTTPFields()
                if !authorization.isEmpty { headers[.authorization] = authorization }
                if random.next() % 4 == 0 {
                    headers[.range] = ["bytes=\(random.next() % 100)-", "bytes=-0", "bytes=5-2", "bytes=a-b"][Int(random.next() % 4)]
                }
                let response = try await client.execute(
                    uri: path, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
                statuses[response.status.code, default: 0] += 1
                XCTAssertLessThan(
                    response.status.code, 500, "\(method) \(path) with '\(authorization.prefix(20))' and a \(body?.count ?? 0)-byte body")
                if response.status.code >= 400 {
                    let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    XCTAssertNotNil(object?["error"], "\(method) \(path): an error answer is a JSON error")
                }
            }
            let health = try await client.execute(uri: "/healthz", method: .get)
            XCTAssertEqual(health.status, .ok, "still serving after \(count) requests")
            let after = try await Self.fingerprint(registry)
            XCTAssertEqual(after, before, "no fuzzed request changed the database")
            print("fuzz: \(count) requests, statuses \(statuses.sorted { $0.key < $1.key })")
        }
    }

    private struct IDs {
        var fleet = "demo", device: String, deviceToken: String, enrollmentToken: String, artifact: String
        var job: String, plan: String, deployment: String, assignment: String, backup: String
    }

    /// A fleet with a device, an artifact, a result, a plan, a deployment (healthy) and a backup.
    private static func populate(_ client: any TestClientProtocol, _ registry: Registry, artifactBytes: [UInt8]) async throws -> IDs {
        let admin = API.bearer(registry.adminToken)
        let fleet = try API.decode(
            FleetView.self,
            try await client.execute(
                uri: "/v1/fleets", method: .post, headers: admin,
                body: try API.json(CreateFleetRequest(name: "demo", latencyBudgetMs: 50, allowSynthetic: true))))
        let enrollmentToken = try XCTUnwrap(fleet.enrollmentToken)
        let device = try API.decode(
            EnrollResponse.self,
            try await client.execute(
                uri: "/v1/enroll", method: .post, headers: API.bearer(enrollmentToken),
                body: try API.json(EnrollRequest(name: "cam", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0"))))
        let token = API.bearer(device.deviceToken)
        let artifact = try API.decode(
            ArtifactView.self,
            try await client.execute(uri: "/v1/artifacts", method: .post, headers: admin, body: ByteBuffer(bytes: artifactBytes)))
        let jobs = try API.decode([BenchmarkJobView].self, try await client.execute(uri: "/v1/jobs", method: .get, headers: token))
        let job = try XCTUnwrap(jobs.first)
        let report = BenchmarkReport(
            id: "r1", artifactId: artifact.id,
            figures: BenchmarkFigures(
                threads: 1, runs: 10, meanMs: 9, stdMs: 0.1, minMs: 8, p50Ms: 9, p90Ms: 9.5, p99Ms: 10,
                maxMs: 11, initMs: 20, firstMs: 12, peakRssMb: 60, engineVersion: "0.1.0"))
        _ = try await client.execute(uri: "/v1/results", method: .post, headers: token, body: try API.json(report))
        let plan = try API.decode(
            PlanView.self,
            try await client.execute(
                uri: "/v1/plans", method: .post, headers: admin, body: try API.json(CreatePlanRequest(fleet: "demo", allowSynthetic: true)))
        )
        let deployed = try await client.execute(
            uri: "/v1/deployments", method: .post, headers: admin, body: try API.json(CreateDeploymentRequest(planId: plan.id)))
        XCTAssertEqual(deployed.status, .created, String(buffer: deployed.body))
        let deployment = try API.decode(DeploymentView.self, deployed)
        let assignment = try XCTUnwrap(deployment.assignments.first)
        _ = try await client.execute(
            uri: "/v1/assignments/\(assignment.id)/state", method: .post, headers: token,
            body: try API.json(AssignmentStateReport(state: .active)))
        _ = try await client.execute(
            uri: "/v1/assignments/\(assignment.id)/health", method: .post, headers: token,
            body: try API.json(HealthReport(p50Ms: 9, p90Ms: 9.5, p99Ms: 10, runs: 10)))
        let backupResponse = try await client.execute(uri: "/v1/backups", method: .post, headers: admin)
        XCTAssertEqual(backupResponse.status, .created, String(buffer: backupResponse.body))
        let backup = try API.decode(BackupView.self, backupResponse)
        return IDs(
            device: device.deviceId, deviceToken: device.deviceToken, enrollmentToken: enrollmentToken, artifact: artifact.id, job: job.id,
            plan: plan.id, deployment: deployment.id, assignment: assignment.id, backup: backup.id)
    }

    private static func fill(_ template: String, ids: IDs, _ random: inout SplitMix64) -> String {
        let real: [String: String] = [
            "{fleet}": ids.fleet, "{device}": ids.device, "{artifact}": ids.artifact, "{job}": ids.job, "{plan}": ids.plan,
            "{deployment}": ids.deployment, "{assignment}": ids.assignment, "{backup}": ids.backup,
        ]
        var path = template
        for (placeholder, id) in real where path.contains(placeholder) {
            let choices = [
                id, garbage(&random, 12, ascii: true), String(repeating: "a", count: 64), "..%2F..%2Fadmin.token", "%00", "registry-99", "",
            ]
            path = path.replacingOccurrences(of: placeholder, with: choices[Int(random.next() % UInt64(choices.count))])
        }
        if random.next() % 5 == 0 {
            path +=
                ["?fleet=%ff", "?state=zzz", "?since=-1e308", "?device=" + garbage(&random, 8, ascii: true), "?fleet=demo&fleet=x"][
                    Int(random.next() % 5)]
        }
        return path
    }

    /// Bodies that no route can accept.
    private static func body(_ random: inout SplitMix64, artifactBytes: [UInt8]) -> [UInt8]? {
        let valid = Array(
            (#"{"name": "x", "fleet": "demo", "latency_budget_ms": 5, "plan_id": "p", "state": "active", "error": "e", "#
                + #""p50_ms": 1, "p90_ms": 2, "p99_ms": 3, "runs": 1}"#).utf8)
        switch random.next() % 9 {
        case 0: return nil
        case 1: return (0..<Int(random.next() % 2000)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        case 2: return Array(valid.prefix(Int(random.next() % UInt64(valid.count - 1))))  // truncated
        case 3: return [UInt8](repeating: UInt8(ascii: "["), count: 60_000)  // deeply nested
        case 4: return [UInt8](repeating: UInt8(ascii: " "), count: 70_000 + Int(random.next() % 200_000))  // oversized
        case 5:
            return Array(
                #"{"name": 1e400, "fleet": [], "latency_budget_ms": "5", "plan_id": {}, "state": null, "runs": 99999999999999999999}"#.utf8)
        case 6: return Array(artifactBytes.prefix(Int(random.next() % UInt64(artifactBytes.count))))  // a truncated artifact
        case 7: return Array(#"{"id": "", "artifact_id": "\#(String(repeating: "f", count: 64))", "threads": 0, "runs": -1}"#.utf8)
        default: return Array(garbage(&random, 300).utf8)
        }
    }

    private static func garbage(_ random: inout SplitMix64, _ length: Int, ascii: Bool = false) -> String {
        let alphabet = Array("abcXYZ019-_.~!$&'()*+,;=:@/%" + (ascii ? "" : "\u{00e9}\u{2603}"))
        return String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    }

    /// Every row of every table, hashed per table.
    private static func fingerprint(_ registry: Registry) async throws -> [String: Int] {
        try await registry.sqlite.database.pool.read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'")
            var result: [String: Int] = [:]
            for table in tables {
                var hasher = Hasher()
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid")
                for row in rows { hasher.combine(row.description) }
                result[table] = rows.count &* 31 &+ hasher.finalize()
            }
            return result
        }
    }
}
