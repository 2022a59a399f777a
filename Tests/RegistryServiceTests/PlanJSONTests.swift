import EffCore
import Foundation
import RegistryAPI
import RegistryService
import XCTest

/// The plan's hand-written JSON reads back, through `Codable`, as the plan it was written from.
final class PlanJSONTests: XCTestCase {
    func testPlanJSONDecodesToThePlanItWasWrittenFrom() throws {
        let assigned = PlanEntryView(
            deviceId: "d-1", device: "cam \"1\" \\ ünïcødé 📷", latencyBudgetMs: 20, memoryBudgetMb: 151.5, decision: .assign,
            artifactId: String(repeating: "a", count: 64), variant: "lite0", precision: "int8", latencyMs: 17.759069489371658,
            predicted: true, top1: 74.4, peakRssMb: 25.086131839840903, currentArtifactId: nil, changesCurrent: true,
            reason: "line one\nline\ttwo\r\u{01}\u{1F} end")
        let waiting = PlanEntryView(
            deviceId: "d-2", device: "cam-2", latencyBudgetMs: 1e-7, memoryBudgetMb: nil, decision: .awaitingBenchmarks, artifactId: nil,
            variant: nil, precision: nil, latencyMs: nil, predicted: nil, top1: nil, peakRssMb: nil,
            currentArtifactId: String(repeating: "b", count: 64), changesCurrent: false, reason: "")
        let plan = PlanView(
            id: "p", fleet: "demo", percentile: .p90, headroom: 0.1, allowSynthetic: false, createdAt: 1_795_712_991.4170275,
            entries: [assigned, waiting], pendingJobs: 3)
        let decoded = try SnakeCaseJSON.decoder().decode(PlanView.self, from: Data(PlanJSON.encode(plan)))
        XCTAssertEqual(decoded, plan)
        let empty = PlanView(
            id: "e", fleet: "demo", percentile: .p50, headroom: 0, allowSynthetic: true, createdAt: 0, entries: [], pendingJobs: 0)
        XCTAssertEqual(try SnakeCaseJSON.decoder().decode(PlanView.self, from: Data(PlanJSON.encode(empty))), empty)
    }
}
