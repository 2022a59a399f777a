import AgentCore
import Foundation
import LiteEngine
import RegistryAPI
import XCTest

/// The agent measures what the registry accepts: its backend names and default run counts agree
/// with `MeasurementRules`.
final class MeasurementRulesAgreementTests: XCTestCase {
    func testTheRegistryKnowsEveryEngineBackend() {
        XCTAssertEqual(MeasurementRules.backends, Set(BackendKind.allCases.map(\.rawValue)))
        XCTAssertTrue(MeasurementRules.backends.contains(MeasurementRules.defaultBackend))
    }

    func testTheAgentsDefaultRunsMeetTheMinimum() {
        let configuration = AgentConfiguration(
            registry: "http://127.0.0.1:1", enrollmentToken: nil, name: "n", fleet: "f", dataDirectory: URL(fileURLWithPath: "/tmp"))
        XCTAssertGreaterThanOrEqual(configuration.benchmark.runs, MeasurementRules.minimumRuns)
        XCTAssertGreaterThanOrEqual(configuration.healthCheck.runs, MeasurementRules.minimumRuns)
    }
}
