import EffCore
import FleetModel
import Foundation
import Planner
import RegistryStore

/// `/devices/{id}`: the accuracy–latency picture of one device as the planner sees it now, and
/// its measurement history.
///
/// The picture is a dry run of the service's own planning (nothing is stored): the fleet's
/// percentile, the headroom of the fleet's newest plan (10 % before the first), synthetic
/// artifacts as the fleet allows them, every candidate explained.
struct DevicePage: Sendable {
    struct ResultRow: Sendable {
        var at: String
        var artifact: String
        var backend: String
        var threads: Int
        var runs: Int
        var p50: String
        var p90: String
        var p99: String
        var interval: String
        var peakRSS: String
        var note: String
    }

    let signedIn = true
    var title: String
    var name: String
    var fleet: String
    var status: String
    var online: Bool
    var lastSeen: String
    var hardwareClass: String
    var current: String
    var budget: String
    var memoryBudget: String
    var percentile: String
    var headroom: String
    var decision: String
    var reason: String
    var chart: ChartView?
    var noChart: String?
    var results: [ResultRow]
    var hasResults: Bool
    var events: [EventRow]
    var hasEvents: Bool

    static func load(_ console: Console, deviceId: String, now: Date = Date()) async throws -> DevicePage {
        let store = console.store
        let device = try await store.device(id: deviceId)
        let fleet = try await store.fleet(named: device.fleetName)
        let headroom = try await store.plans(fleet: fleet.name).max { $0.createdAt < $1.createdAt }?.headroom ?? console.defaultHeadroom
        let policy = PlanningPolicy(percentile: fleet.percentile, headroom: headroom, allowSynthetic: fleet.allowSynthetic, explain: true)
        let snapshot = try await store.planningSnapshot(fleet: fleet.name, macsByVariant: console.macsByVariant)
        let entry = try console.planning(snapshot, policy).first { $0.deviceId == device.id }
        let results = try await store.results(deviceId: device.id)
        let artifacts = Dictionary(snapshot.artifacts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let budget = LatencyBudget.effective(device: device.latencyBudgetMs, fleet: fleet.latencyBudgetMs)
        let points = chartPoints(entry?.candidates ?? [], results: results, percentile: fleet.percentile)
        let online = console.isOnline(device, now: now)
        let current = device.currentArtifactId.flatMap { artifacts[$0] }
        let events = try await store.events(fleet: fleet.name, deviceId: device.id).suffix(50).reversed()
        return DevicePage(
            title: "Device \(device.name)", name: device.name, fleet: fleet.name, status: online ? "online" : "offline", online: online,
            lastSeen: device.lastSeenAt.map { "\(ConsoleText.age(of: $0, now: now)) (\(ConsoleText.time($0)))" } ?? "never",
            hardwareClass: device.hardwareClass,
            current: current.map {
                ConsoleText.artifact(variant: $0.variant, precision: $0.precision) + " on \(device.currentBackend ?? "?")"
            }
                ?? "nothing yet",
            budget: ConsoleText.milliseconds(budget) + (device.latencyBudgetMs == nil ? " (the fleet's)" : " (the device's own)"),
            memoryBudget: device.memoryBudgetMb.map { ConsoleText.number($0, decimals: 0) + " MB" } ?? "none",
            percentile: fleet.percentile.rawValue, headroom: ConsoleText.number(headroom * 100, decimals: 0) + " %",
            decision: entry?.decision ?? "not planned", reason: entry?.reason ?? "",
            chart: points.isEmpty
                ? nil
                : AccuracyLatencyChart(points: points, latencyBudgetMs: budget, headroom: headroom, percentile: fleet.percentile).view,
            noChart: points.isEmpty ? "No measured artifact yet: the picture appears once the device has posted results." : nil,
            results: results.prefix(200).map { row($0, artifacts: artifacts, percentile: fleet.percentile) },
            hasResults: !results.isEmpty,
            events: events.map(EventRow.init),
            hasEvents: !events.isEmpty)
    }

    /// One point per measured candidate (predictions and unmeasured pairs are not drawn), with the
    /// lower end of its interval from the newest result of the pair.
    static func chartPoints(
        _ candidates: [PlanCandidate], results: [BenchmarkResultRecord], percentile: LatencyPercentile
    ) -> [ChartPoint] {
        var newest: [String: BenchmarkResultRecord] = [:]
        for result in results where newest["\(result.artifactId) \(result.backend)"].map({ $0.createdAt < result.createdAt }) ?? true {
            newest["\(result.artifactId) \(result.backend)"] = result
        }
        return candidates.compactMap { candidate in
            guard !candidate.predicted, let backend = candidate.backend, let latency = candidate.latencyMs, let top1 = candidate.top1,
                let verdict = CandidateVerdict(rawValue: candidate.verdict), verdict != .unmeasured
            else { return nil }
            let interval = newest["\(candidate.artifactId) \(backend)"]?.intervals?[percentile]
            return ChartPoint(
                artifactId: candidate.artifactId,
                artifact: ConsoleText.artifact(variant: candidate.variant, precision: candidate.precision),
                backend: backend, latencyMs: latency, lowerMs: interval?.lower, upperMs: interval.map { candidate.upperMs ?? $0.upper },
                top1: top1,
                verdict: verdict)
        }
    }

    private static func row(
        _ result: BenchmarkResultRecord, artifacts: [String: ArtifactRecord], percentile: LatencyPercentile
    ) -> ResultRow {
        let artifact = artifacts[result.artifactId].map { ConsoleText.artifact(variant: $0.variant, precision: $0.precision) }
        let interval = result.intervals?[percentile]
        return ResultRow(
            at: ConsoleText.time(result.createdAt), artifact: artifact ?? String(result.artifactId.prefix(12)), backend: result.backend,
            threads: result.threads, runs: result.runs, p50: ConsoleText.number(result.p50Ms), p90: ConsoleText.number(result.p90Ms),
            p99: ConsoleText.number(result.p99Ms),
            interval: interval.map { "\(ConsoleText.number($0.lower))–\(ConsoleText.number($0.upper))" } ?? "—",
            peakRSS: ConsoleText.number(result.peakRssMb, decimals: 0), note: result.unstable ? "unstable" : "")
    }
}
