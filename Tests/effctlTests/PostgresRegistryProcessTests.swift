import CurlClient
import EffFleetTesting
import Foundation
import PostgresStore
import PostgresTesting
import RegistryAPI
import RegistryClient
import RegistryStore
import XCTest

/// `effregistry serve --database postgres://…` as a real process on a fresh PostgreSQL database
/// (the server `scripts/test` starts), driven over HTTP as operators and devices drive it.
final class PostgresRegistryProcessTests: XCTestCase {
    private var database: PostgresTestDatabase!
    private var registry: RegistryProcess?
    private var directory: URL!

    override func setUp() async throws {
        if let reason = PostgresTestDatabase.unavailableReason { throw XCTSkip(reason) }
        database = try await PostgresTestDatabase.create(label: "process")
        directory = try Fixtures.temporaryDirectory("effregistry-postgres")
    }

    override func tearDown() async throws {
        registry?.stop()
        try await database?.drop()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    func testARegistryOnPostgreSQLEnrollsStoresResultsOnceAndPlans() async throws {
        let registry = try RegistryProcess(arguments: ["--database", database.url.description])
        self.registry = registry
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: registry.data.appendingPathComponent("data/registry.sqlite").path),
            "the records are not in SQLite")
        let token = try registry.adminToken()
        let admin = try RegistryClient(baseURL: registry.url, token: token)
        let fleet = try await admin.createFleet(CreateFleetRequest(name: "lab", latencyBudgetMs: 12, allowSynthetic: true))
        let artifactPath = directory.appendingPathComponent("lite0.safetensors").path
        let synth = try ProcessRunner.run(
            Fixtures.executable("effctl"), ["artifacts", "synth", "--variant", "lite0", "--seed", "3", "--out", artifactPath], timeout: 60)
        XCTAssertEqual(synth.status, 0, synth.standardError)
        let artifact = try await admin.uploadArtifact(path: artifactPath)

        let bench = try await TestDevice.enroll(
            "bench-1", fleet: "lab", registry: registry.url, enrollmentToken: try XCTUnwrap(fleet.enrollmentToken), threads: 2)
        let (enrolled, device) = (bench.enrolled, bench.client)
        let jobs = try await device.deviceJobs()
        XCTAssertEqual(jobs.map(\.artifactId), [artifact.id])

        let report = TestDevice.report(id: try XCTUnwrap(jobs.first).id, artifactId: artifact.id, threads: 2, runs: 10, p90Ms: 8.41)
        let first = try await device.postResult(report)
        let retried = try await device.postResult(report)
        XCTAssertTrue(first.stored)
        XCTAssertFalse(retried.stored, "a retried post is acknowledged, not stored twice")
        let pending = try await device.deviceJobs()
        XCTAssertEqual(pending.count, 0, "the result completed the job")

        let plan = try await admin.createPlan(CreatePlanRequest(fleet: "lab", allowSynthetic: true))
        XCTAssertEqual(plan.entries.map(\.decision), [.assign])
        XCTAssertEqual(plan.entries.first?.device, "bench-1")
        let plans = try await admin.listPlans(fleet: "lab")
        XCTAssertEqual(plans.map(\.id), [plan.id])

        // Backups of PostgreSQL are the database's own tools'.
        do {
            _ = try await admin.backup(to: directory.appendingPathComponent("backup.sqlite").path)
            XCTFail("no SQLite backup of a PostgreSQL registry")
        } catch {
            XCTAssertEqual(error.statusCode, 400)
            XCTAssertTrue(error.description.contains("pg_dump"), error.description)
        }

        // The records are in PostgreSQL: a store opened on the database (as another replica) sees them.
        registry.stop()
        self.registry = nil
        let replica = try await database.openStore()
        let results = try await replica.store.results(deviceId: enrolled.deviceId, artifactId: nil, since: nil)
        let devices = try await replica.store.devices(fleet: "lab")
        await replica.close()
        XCTAssertEqual(results.map(\.p90Ms), [8.41])
        XCTAssertEqual(devices.map(\.name), ["bench-1"])
    }

    func testThePasswordComesFromAFileOrTheEnvironmentAndAWrongOneEndsServeInOneLine() async throws {
        let password = "pw-\(UUID().uuidString)"
        let url = try await database.owner(password: password)
        let passwordFile = directory.appendingPathComponent("db.password")
        try Data("\(password)\n".utf8).write(to: passwordFile)
        let fromFile = try RegistryProcess(arguments: ["--database", url.description, "--database-password-file", passwordFile.path])
        let health = try await RegistryClient(baseURL: fromFile.url, token: nil).health()
        XCTAssertEqual(health.status, "ok")
        fromFile.stop()
        let fromEnvironment = try RegistryProcess(
            arguments: ["--database", url.description], environment: ["EFF_DATABASE_PASSWORD": password])
        let fleets = try await RegistryClient(baseURL: fromEnvironment.url, token: try fromEnvironment.adminToken()).listFleets()
        XCTAssertEqual(fleets, [])
        fromEnvironment.stop()

        let catalog = Fixtures.repository.appendingPathComponent("Registry/variants.json").path
        let wrong = try ProcessRunner.run(
            Fixtures.executable("effregistry"),
            ["serve", "--data", directory.appendingPathComponent("data").path, "--catalog", catalog, "--database", url.description],
            timeout: 60, environment: ["EFF_DATABASE_PASSWORD": "wrong"])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertEqual(wrong.standardError.split(separator: "\n").count, 1, wrong.standardError)
        XCTAssertTrue(wrong.standardError.contains("password authentication failed"), wrong.standardError)
    }

    func testABadDatabaseURLOrAPasswordInItExitsWithOneLine() throws {
        let catalog = Fixtures.repository.appendingPathComponent("Registry/variants.json").path
        for (url, expected) in [
            ("mysql://eff@127.0.0.1:5432/registry", "the scheme is 'mysql', not postgres"),
            ("postgres://eff@127.0.0.1:5432/", "no database name"),
            ("postgres://eff:secret@127.0.0.1:5432/registry", "must not hold a password"),
        ] {
            let outcome = try ProcessRunner.run(
                Fixtures.executable("effregistry"),
                ["serve", "--data", directory.appendingPathComponent("data").path, "--catalog", catalog, "--database", url], timeout: 60)
            XCTAssertNotEqual(outcome.status, 0, url)
            let lines = outcome.standardError.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, outcome.standardError)
            XCTAssertTrue(outcome.standardError.contains(expected), outcome.standardError)
        }
    }

    func testMigrateMovesAnSQLiteRegistryWithItsHistoryAndServesItFromPostgreSQL() async throws {
        let registryData = directory.appendingPathComponent("registry")
        let sqlite = try RegistryProcess(registryData: registryData)
        self.registry = sqlite
        let admin = try RegistryClient(baseURL: sqlite.url, token: try sqlite.adminToken())
        let fleet = try await admin.createFleet(CreateFleetRequest(name: "lab", latencyBudgetMs: 12, allowSynthetic: true))
        let artifactPath = directory.appendingPathComponent("lite0.safetensors").path
        let synth = try ProcessRunner.run(
            Fixtures.executable("effctl"), ["artifacts", "synth", "--variant", "lite0", "--seed", "3", "--out", artifactPath], timeout: 60)
        XCTAssertEqual(synth.status, 0, synth.standardError)
        let artifact = try await admin.uploadArtifact(path: artifactPath)
        let bench = try await TestDevice.enroll(
            "bench-1", fleet: "lab", registry: sqlite.url, enrollmentToken: try XCTUnwrap(fleet.enrollmentToken), threads: 2)
        let (enrolled, device) = (bench.enrolled, bench.client)
        let jobs = try await device.deviceJobs()
        let job = try XCTUnwrap(jobs.first)
        _ = try await device.postResult(TestDevice.report(id: job.id, artifactId: artifact.id, threads: 2, runs: 10, p90Ms: 8.41))
        let plan = try await admin.createPlan(CreatePlanRequest(fleet: "lab", allowSynthetic: true))
        let deployment = try await admin.createDeployment(CreateDeploymentRequest(planId: plan.id))
        let current = try await device.currentAssignment()
        let assignment = try XCTUnwrap(current)
        _ = try await device.reportAssignmentState(id: assignment.id, AssignmentStateReport(state: .active))
        let devicesBefore = try await admin.listDevices()
        let resultsBefore = try await admin.listResults()
        let deploymentBefore = try await admin.deployment(id: deployment.id)
        let eventsBefore = try await admin.events(fleet: "lab")
        sqlite.stop()

        let migrate = try ProcessRunner.run(
            Fixtures.executable("effregistry"), ["migrate", "--from", registryData.path, "--to", database.url.description], timeout: 120)
        XCTAssertEqual(migrate.status, 0, migrate.standardError)
        XCTAssertTrue(migrate.standardOutput.contains("assignment_event: 2 → 2"), migrate.standardOutput)
        XCTAssertTrue(migrate.standardOutput.contains("benchmark_result: 1 → 1"), migrate.standardOutput)
        XCTAssertTrue(migrate.standardOutput.contains("blobs: 1 → 1 (sha256 verified)"), migrate.standardOutput)
        let again = try ProcessRunner.run(
            Fixtures.executable("effregistry"), ["migrate", "--from", registryData.path, "--to", database.url.description], timeout: 120)
        XCTAssertNotEqual(again.status, 0, "a database with records is never migrated into")
        XCTAssertTrue(again.standardError.contains("already holds records"), again.standardError)

        let postgres = try RegistryProcess(registryData: registryData, arguments: ["--database", database.url.description])
        self.registry = postgres
        let migratedAdmin = try RegistryClient(baseURL: postgres.url, token: try postgres.adminToken())
        let migratedDevice = try RegistryClient(baseURL: postgres.url, token: enrolled.deviceToken)
        let devices = try await migratedAdmin.listDevices()
        let results = try await migratedAdmin.listResults()
        let migratedDeployment = try await migratedAdmin.deployment(id: deployment.id)
        let events = try await migratedAdmin.events(fleet: "lab")
        XCTAssertEqual(devices, devicesBefore)
        XCTAssertEqual(results, resultsBefore)
        XCTAssertEqual(migratedDeployment, deploymentBefore)
        XCTAssertEqual(events, eventsBefore)
        // The device carries on where it was, with its token, and the history continues.
        let health = try await migratedDevice.reportHealth(id: assignment.id, HealthReport(p50Ms: 8, p90Ms: 8.4, p99Ms: 9, runs: 20))
        XCTAssertEqual(health.state, .healthy)
        let completed = try await migratedAdmin.deployment(id: deployment.id)
        XCTAssertEqual(completed.state, .completed)
        let blob = directory.appendingPathComponent("blob").path
        let download = try await migratedDevice.downloadBlob(id: artifact.id, to: blob, expectedSize: artifact.sizeBytes)
        XCTAssertEqual(download.fileSize, artifact.sizeBytes)

        // The blob moved too: a replica with an empty data folder serves it from the database.
        let replica = try RegistryProcess(arguments: ["--database", database.url.description])
        defer { replica.stop() }
        let fromReplica = directory.appendingPathComponent("blob-from-replica").path
        let replicaDevice = try RegistryClient(baseURL: replica.url, token: enrolled.deviceToken)
        _ = try await replicaDevice.downloadBlob(id: artifact.id, to: fromReplica, expectedSize: artifact.sizeBytes)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: fromReplica)), try Data(contentsOf: URL(fileURLWithPath: artifactPath)))
    }
}
