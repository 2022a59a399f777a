import EffCore
import EffFleetTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiteArtifact
import PropertyBased
import RegistryAPI
import RegistryService
import RegistryStore
import Testing

/// Property-based tests of the measurement rules (`MeasurementRules`): every generated valid result
/// or health report passes and is stored once; every valid report with one field made invalid is
/// refused, naming that field, and stores nothing. The rules alone first (many cases), then through
/// a live registry on 127.0.0.1.
@Suite struct MeasurementValidationPropertyTests {
    /// Lite0's MACs, as the repository's catalog lists them.
    static let lite0MACs = 385_187_552

    @Test func catalogListsTheMACsTheseTestsAssume() throws {
        let catalog = try VariantCatalog(contentsOf: Fixtures.repository.appendingPathComponent("Registry/variants.json"))
        #expect(catalog.entry(for: .lite0)?.macs == Self.lite0MACs)
    }

    @Test func validResultsPassEveryRule() async {
        await propertyCheck(count: 2000, input: MeasurementGenerators.result) { report in
            let floor = MeasurementRules.latencyFloorMs(macs: Self.lite0MACs, threads: report.threads)
            #expect(throws: Never.self) { try report.validate(latencyFloorMs: floor) }
        }
    }

    @Test func resultsWithOneInvalidFieldAreRefusedNamingIt() async {
        let mutations = MeasurementGenerators.resultMutations(macs: Self.lite0MACs)
        await propertyCheck(
            count: 3000, input: MeasurementGenerators.result, Gen<MeasurementGenerators.ResultMutation?>.element(of: mutations),
            Gen.double(in: 0..<1)
        ) { valid, drawn, u in
            let mutation = try #require(drawn)
            var report = valid
            mutation.apply(&report, u)
            let floor = MeasurementRules.latencyFloorMs(macs: Self.lite0MACs, threads: max(report.threads, 1))
            let error = #expect(throws: InvalidMeasurementField.self, "\(mutation)") { try report.validate(latencyFloorMs: floor) }
            #expect(error?.message.contains("'\(mutation.field)'") == true, "\(mutation): \(error?.message ?? "accepted")")
        }
    }

    @Test func validHealthReportsPassAndMutatedOnesAreRefusedNamingTheField() async {
        await propertyCheck(count: 1000, input: MeasurementGenerators.health) { report in
            let floor = MeasurementRules.latencyFloorMs(macs: Self.lite0MACs, threads: 1)
            #expect(throws: Never.self) { try report.validate(latencyFloorMs: floor) }
        }
        let mutations = MeasurementGenerators.healthMutations(macs: Self.lite0MACs, threads: 1)
        await propertyCheck(
            count: 1000, input: MeasurementGenerators.health, Gen<MeasurementGenerators.HealthMutation?>.element(of: mutations),
            Gen.double(in: 0..<1)
        ) { valid, drawn, u in
            let mutation = try #require(drawn)
            var report = valid
            mutation.apply(&report, u)
            let error = #expect(throws: InvalidMeasurementField.self, "\(mutation)") {
                try report.validate(latencyFloorMs: MeasurementRules.latencyFloorMs(macs: Self.lite0MACs, threads: 1))
            }
            #expect(error?.message.contains("'\(mutation.field)'") == true, "\(mutation): \(error?.message ?? "accepted")")
        }
    }

    @Test func theRegistryStoresValidResultsOnceAndRefusesMutatedOnesNamingTheField() async throws {
        let directory = try Fixtures.temporaryDirectory("registry-validation")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await API.withRegistry(in: directory) { client, registry in
            let (artifact, device) = try await LiveFleet.make(client, registry)
            let token = API.bearer(device.deviceToken)
            var accepted = 0
            await propertyCheck(count: 60, input: MeasurementGenerators.result) { generated in
                var report = generated
                report.id = "valid-\(UUID().uuidString)"
                report.artifactId = artifact.id
                let first = try await client.execute(uri: "/v1/results", method: .post, headers: token, body: try API.json(report))
                #expect(first.status == .created, "\(report)")
                let again = try await client.execute(uri: "/v1/results", method: .post, headers: token, body: try API.json(report))
                #expect(again.status == .ok)
                #expect(try API.decode(ResultAcknowledgement.self, again).stored == false, "a repeated id stores nothing new")
                accepted += 1
            }
            let mutations = MeasurementGenerators.resultMutations(macs: Self.lite0MACs)
            await propertyCheck(
                count: 150, input: MeasurementGenerators.result, Gen<MeasurementGenerators.ResultMutation?>.element(of: mutations),
                Gen.double(in: 0..<1)
            ) { generated, drawn, u in
                let mutation = try #require(drawn)
                var report = generated
                report.id = "invalid-\(UUID().uuidString)"
                report.artifactId = artifact.id
                mutation.apply(&report, u)
                let response = try await client.execute(uri: "/v1/results", method: .post, headers: token, body: try API.json(report))
                #expect(response.status == .badRequest, "\(mutation)")
                let message = LiveFleet.errorMessage(response)
                #expect(message.contains("'\(mutation.field)'"), "\(mutation): \(message)")
            }
            let stored = try await registry.store.results(deviceId: device.deviceId)
            #expect(stored.count == accepted, "every valid result stored once, no invalid one stored")
            #expect(stored.allSatisfy { $0.id.hasPrefix("valid-") })
        }
    }

    @Test func theRegistryRefusesMutatedHealthReportsAndRecordsTheFirstValidOne() async throws {
        let directory = try Fixtures.temporaryDirectory("registry-health-validation")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await API.withRegistry(in: directory) { client, registry in
            let (artifact, device) = try await LiveFleet.make(client, registry)
            let token = API.bearer(device.deviceToken)
            let assignment = try await LiveFleet.activeAssignment(client, registry, artifact: artifact, token: token)
            let uri = "/v1/assignments/\(assignment.id)/health"
            // API.hardware serves with 1 thread.
            let mutations = MeasurementGenerators.healthMutations(macs: Self.lite0MACs, threads: 1)
            await propertyCheck(
                count: 100, input: MeasurementGenerators.health, Gen<MeasurementGenerators.HealthMutation?>.element(of: mutations),
                Gen.double(in: 0..<1)
            ) { generated, drawn, u in
                let mutation = try #require(drawn)
                var report = generated
                mutation.apply(&report, u)
                let response = try await client.execute(uri: uri, method: .post, headers: token, body: try API.json(report))
                #expect(response.status == .badRequest, "\(mutation)")
                let message = LiveFleet.errorMessage(response)
                #expect(message.contains("'\(mutation.field)'"), "\(mutation): \(message)")
            }
            let untouched = try await LiveFleet.assignment(client, token)
            #expect(untouched.state == .active, "no refused report changed the assignment")
            #expect(untouched.healthLatencyMs == nil)

            var verdicts: [AssignmentState] = []
            await propertyCheck(count: 30, input: MeasurementGenerators.health) { report in
                let response = try await client.execute(uri: uri, method: .post, headers: token, body: try API.json(report))
                #expect(response.status == .ok, "\(report)")
                verdicts.append(try API.decode(AssignmentView.self, response).state)
            }
            // The health gate may ask for more measurements first; once it settles, later reports change nothing.
            let settled = try #require(verdicts.firstIndex { $0 == .healthy || $0 == .breached }, "settled: \(verdicts)")
            #expect(settled < HealthGate.maximumReports, "the gate decides within its bound: \(verdicts)")
            #expect(Set(verdicts[settled...]).count == 1, "\(verdicts)")
            let deployment = try await registry.store.deployment(id: assignment.deploymentId)
            let history = try #require(deployment.assignments.first { $0.assignment.id == assignment.id }).history
            #expect(history.filter { $0.state == .healthy || $0.state == .breached }.count == 1, "recorded once")
        }
    }
}

/// A fleet `demo` with one device (`API.hardware`, budget 10 ms) and one synthetic Lite0 artifact,
/// built with Swift Testing's expectations.
enum LiveFleet {
    static func make(_ client: any TestClientProtocol, _ registry: Registry) async throws -> (ArtifactView, EnrollResponse) {
        let admin = API.bearer(registry.adminToken)
        let bytes = try SyntheticWeights.builder(variant: .lite0, seed: 1).encoded()
        let uploaded = try await client.execute(uri: "/v1/artifacts", method: .post, headers: admin, body: ByteBuffer(bytes: bytes))
        try #require(uploaded.status == .created)
        let fleet = try await client.execute(
            uri: "/v1/fleets", method: .post, headers: admin, body: try API.json(CreateFleetRequest(name: "demo", latencyBudgetMs: 20)))
        let enrollmentToken = try #require(try API.decode(FleetView.self, fleet).enrollmentToken)
        let enrolled = try await client.execute(
            uri: "/v1/enroll", method: .post, headers: API.bearer(enrollmentToken),
            body: try API.json(
                EnrollRequest(name: "cam-1", fleet: "demo", hardware: API.hardware, engineVersion: "0.1.0", latencyBudgetMs: 10)))
        try #require(enrolled.status == .created)
        return (try API.decode(ArtifactView.self, uploaded), try API.decode(EnrollResponse.self, enrolled))
    }

    /// Measures `artifact` at 5 ms p90, plans (synthetic allowed), deploys and activates it.
    static func activeAssignment(
        _ client: any TestClientProtocol, _ registry: Registry, artifact: ArtifactView, token: HTTPFields
    ) async throws -> AssignmentView {
        let admin = API.bearer(registry.adminToken)
        let result = BenchmarkReport(
            id: "measured", artifactId: artifact.id,
            figures: BenchmarkFigures(
                threads: 1, runs: 30, meanMs: 4.6, stdMs: 0.2, minMs: 4, p50Ms: 4.5, p90Ms: 5,
                p99Ms: 5.5, maxMs: 6, initMs: 20, firstMs: 12, peakRssMb: 60, engineVersion: "0.1.0"))
        let posted = try await client.execute(uri: "/v1/results", method: .post, headers: token, body: try API.json(result))
        try #require(posted.status == .created)
        let plan = try API.decode(
            PlanView.self,
            try await client.execute(
                uri: "/v1/plans", method: .post, headers: admin, body: try API.json(CreatePlanRequest(fleet: "demo", allowSynthetic: true)))
        )
        try #require(plan.entries.first?.decision == .assign, "\(plan.entries)")
        let deployed = try await client.execute(
            uri: "/v1/deployments", method: .post, headers: admin, body: try API.json(CreateDeploymentRequest(planId: plan.id)))
        try #require(deployed.status == .created)
        let assignment = try await assignment(client, token)
        for state in [AssignmentState.downloading, .active] {
            let body = try API.json(AssignmentStateReport(state: state))
            let uri = "/v1/assignments/\(assignment.id)/state"
            let reported = try await client.execute(uri: uri, method: .post, headers: token, body: body)
            try #require(reported.status == .ok)
        }
        return assignment
    }

    /// The device's current assignment.
    static func assignment(_ client: any TestClientProtocol, _ token: HTTPFields) async throws -> AssignmentView {
        try API.decode(AssignmentView.self, try await client.execute(uri: "/v1/assignment", method: .get, headers: token))
    }

    /// The message of a JSON error body `{"error":{"message":…}}`.
    static func errorMessage(_ response: TestResponse) -> String {
        let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: [String: String]]
        return object?["error"]?["message"] ?? "<no JSON error body>"
    }
}
