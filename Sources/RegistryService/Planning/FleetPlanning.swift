import EffCore
import Foundation
import Planner
import RegistryAPI
import RegistryStore

/// Turns the store's view of a fleet into the planner's input, and the planner's output into
/// records to store. The planner itself stays pure; this is the only place that feeds it.
enum FleetPlanning {
    /// Plans `snapshot` under `policy`.
    static func plan(
        _ snapshot: PlanningSnapshot, policy: PlanningPolicy
    ) throws(PlanningError) -> (plan: PlanRecord, entries: [PlanEntryRecord], jobs: [BenchmarkJob]) {
        let devices = snapshot.devices.map { device in
            FleetDevice(
                id: device.id, name: device.name, hardwareClass: device.hardwareClass,
                latencyBudgetMs: device.latencyBudgetMs ?? snapshot.fleet.latencyBudgetMs,
                memoryBudgetMb: device.memoryBudgetMb, currentArtifactID: device.currentArtifactId, currentBackend: device.currentBackend)
        }
        let artifacts = snapshot.artifacts.compactMap(Self.descriptor)
        let planned = Set(artifacts.map(\.id))
        let measurements = snapshot.results.filter { planned.contains($0.artifactId) }.map {
            LatencyMeasurement(
                deviceID: $0.deviceId, artifactID: $0.artifactId, backend: $0.backend, p50Ms: $0.p50Ms, p90Ms: $0.p90Ms, p99Ms: $0.p99Ms,
                peakRssMb: $0.peakRssMb, p50UpperMs: $0.p50UpperMs, p90UpperMs: $0.p90UpperMs, p99UpperMs: $0.p99UpperMs,
                isUnstable: $0.unstable, resultCount: $0.count)
        }
        let abandoned = AbandonedJobNotes(snapshot.abandonedJobs, artifacts: artifacts, policy: policy)
        let fleetPlan = try FleetPlanner.plan(
            PlanningInput(
                devices: devices, artifacts: artifacts, measurements: measurements, policy: policy,
                abandonedJobs: AbandonedJobNotes.pairs(snapshot.abandonedJobs)))
        let record = PlanRecord(
            fleetName: snapshot.fleet.name, percentile: policy.percentile, headroom: policy.headroom,
            allowSynthetic: policy.allowSynthetic, pendingJobs: fleetPlan.benchmarkJobs.count)
        let descriptors = Dictionary(uniqueKeysWithValues: artifacts.map { ($0.id, $0) })
        let top1Sources = Dictionary(snapshot.artifacts.map { ($0.id, $0.creditedTop1Source) }, uniquingKeysWith: { first, _ in first })
        let entries = zip(fleetPlan.devicePlans, devices).enumerated().map { position, pair in
            var entry = entry(pair.0, device: pair.1, planId: record.id, position: position)
            entry.candidates = pair.0.candidates?.compactMap { candidate in
                descriptors[candidate.artifactID].map { artifact in
                    PlanCandidate(
                        artifactId: artifact.id, variant: artifact.variant.rawValue, precision: artifact.precision.rawValue,
                        backend: candidate.backend, latencyMs: candidate.latencyMs, upperMs: candidate.upperMs,
                        peakRssMb: candidate.peakRssMb, top1: artifact.top1, top1Source: top1Sources[artifact.id] ?? nil,
                        predicted: candidate.isPredicted, verdict: candidate.verdict.rawValue)
                }
            }
            entry.reason = abandoned.reason(entry.reason, deviceId: entry.deviceId)
            entry.top1Source = entry.artifactId.flatMap { top1Sources[$0] ?? nil }
            return entry
        }
        return (record, entries, fleetPlan.benchmarkJobs)
    }

    /// What the planner needs of an artifact; nil for one it cannot plan (no known accuracy). Its
    /// top-1 is the credited one: measured (FP32 top-1 − INT8 disagreement bound) when recorded,
    /// else published.
    static func descriptor(_ artifact: ArtifactRecord) -> ArtifactDescriptor? {
        guard let variant = Variant(rawValue: artifact.variant), let precision = Precision(rawValue: artifact.precision),
            let top1 = artifact.measuredTop1 ?? artifact.publishedTop1
        else { return nil }
        return ArtifactDescriptor(id: artifact.id, variant: variant, precision: precision, top1: top1, isSynthetic: artifact.isSynthetic)
    }

    private static func entry(_ plan: DevicePlan, device: FleetDevice, planId: String, position: Int) -> PlanEntryRecord {
        let decision: PlanEntryView.Decision
        let estimate: ArtifactEstimate?
        switch plan.decision {
        case .assign(let chosen):
            (decision, estimate) = (.assign, chosen)
        case .noFeasibleVariant(.latencyBudget(_, _, let fastest)):
            (decision, estimate) = (.noFeasibleVariant, fastest)
        case .noFeasibleVariant(.memoryBudget(_, let smallest)):
            (decision, estimate) = (.noFeasibleVariant, smallest)
        case .noFeasibleVariant(.noCandidates):
            (decision, estimate) = (.noFeasibleVariant, nil)
        case .awaitingBenchmarks:
            (decision, estimate) = (.awaitingBenchmarks, nil)
        }
        let assigned = decision == .assign ? estimate : nil
        return PlanEntryRecord(
            planId: planId, position: position, deviceId: device.id, deviceName: device.name, latencyBudgetMs: device.latencyBudgetMs,
            memoryBudgetMb: device.memoryBudgetMb, decision: decision.rawValue, artifactId: assigned?.artifactID,
            variant: estimate?.variant.rawValue, precision: estimate?.precision.rawValue, backend: estimate?.backend,
            latencyMs: estimate?.latencyMs,
            predicted: estimate?.isPredicted, top1: assigned?.top1, peakRssMb: estimate?.peakRssMb,
            currentArtifactId: device.currentArtifactID, changesCurrent: plan.changesCurrent, reason: plan.reason)
    }
}
