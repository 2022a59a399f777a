import Foundation
import RegistryAPI
import RegistryStore

extension DeviceRecord {
    var view: DeviceView {
        DeviceView(
            id: id, name: name, fleet: fleetName, hardwareClass: hardwareClass,
            hardware: hardware,
            engineVersion: engineVersion, latencyBudgetMs: latencyBudgetMs, memoryBudgetMb: memoryBudgetMb,
            lastSeen: lastSeenAt?.timeIntervalSince1970, currentArtifactId: currentArtifactId,
            reenrollmentApprovedUntil: reenrollmentApprovedUntil?.timeIntervalSince1970)
    }
}

extension FleetRecord {
    func view(devices: Int, enrollmentToken: String? = nil) -> FleetView {
        FleetView(
            name: name, latencyBudgetMs: latencyBudgetMs, percentile: percentile, devices: devices, enrollmentToken: enrollmentToken,
            allowSynthetic: allowSynthetic)
    }
}

extension ArtifactRecord {
    var view: ArtifactView {
        var view = ArtifactView(
            id: id, variant: variant, precision: precision, sizeBytes: sizeBytes, origin: origin, synthetic: isSynthetic,
            publishedTop1: publishedTop1)
        view.top1 = measuredTop1 ?? publishedTop1
        view.top1Source = creditedTop1Source
        view.top1Detail = top1Detail
        if let agreementInputs, let agreementDisagreements, let disagreementUpperBound {
            view.agreement = AgreementView(
                inputs: agreementInputs, disagreements: agreementDisagreements, disagreementUpperBound: disagreementUpperBound)
        }
        return view
    }

    /// Where the credited top-1 comes from; for records stored before it was recorded, derived
    /// from the precision (such records carry no measured figure).
    var creditedTop1Source: String? {
        if let top1Source { return top1Source }
        guard measuredTop1 == nil, publishedTop1 != nil else { return measuredTop1 == nil ? nil : "measured" }
        return precision == "int8" ? "published-int8" : "published-fp32"
    }
}

extension BenchmarkResultRecord {
    var report: BenchmarkReport {
        BenchmarkReport(
            id: id, artifactId: artifactId, figures: figures, deviceId: deviceId, createdAt: createdAt.timeIntervalSince1970)
    }

    init(report: BenchmarkReport, deviceId: String) {
        self.init(id: report.id, deviceId: deviceId, artifactId: report.artifactId, figures: report.figures)
    }
}

extension BenchmarkJobListing {
    var view: BenchmarkJobView {
        BenchmarkJobView(
            id: job.id, deviceId: job.deviceId, artifactId: job.artifactId, variant: artifact.variant, precision: artifact.precision,
            sizeBytes: artifact.sizeBytes, state: job.state.rawValue, error: job.error, attempts: job.attempts,
            retryAfter: job.retryAfter?.timeIntervalSince1970, round: job.round)
    }
}

extension PlanRecord {
    func view(entries: [PlanEntryRecord]) -> PlanView {
        PlanView(
            id: id, fleet: fleetName, percentile: percentile, headroom: headroom, allowSynthetic: allowSynthetic,
            createdAt: createdAt.timeIntervalSince1970, entries: entries.map(\.view), pendingJobs: pendingJobs)
    }
}

extension PlanEntryRecord {
    var view: PlanEntryView {
        PlanEntryView(
            deviceId: deviceId, device: deviceName, latencyBudgetMs: latencyBudgetMs, memoryBudgetMb: memoryBudgetMb,
            decision: PlanEntryView.Decision(rawValue: decision) ?? .noFeasibleVariant, artifactId: artifactId, variant: variant,
            precision: precision, backend: backend, latencyMs: latencyMs, predicted: predicted, top1: top1, top1Source: top1Source,
            peakRssMb: peakRssMb, currentArtifactId: currentArtifactId, changesCurrent: changesCurrent, reason: reason,
            candidates: candidates)
    }
}

extension DeploymentDetails {
    var view: DeploymentView {
        DeploymentView(
            id: deployment.id, fleet: deployment.fleetName, planId: deployment.planId, kind: deployment.kind, state: deployment.state,
            stageCount: deployment.stageCount, currentStage: deployment.currentStage, maxFailures: deployment.maxFailures,
            rollbackOf: deployment.rollbackOf, createdAt: deployment.createdAt.timeIntervalSince1970,
            stageStartedAt: deployment.stageStartedAt?.timeIntervalSince1970, stageTimeoutSeconds: deployment.stageTimeoutSeconds,
            assignments: assignments.map(\.view), events: events.map(\.view))
    }
}

extension FleetEventRecord {
    var view: FleetEventView {
        FleetEventView(
            at: at.timeIntervalSince1970, actor: actor, kind: kind, deploymentId: deploymentId, deviceId: deviceId, detail: detail)
    }
}

extension AssignmentDetails {
    var view: AssignmentView {
        AssignmentView(
            id: assignment.id, deploymentId: assignment.deploymentId, deviceId: assignment.deviceId, device: deviceName,
            artifactId: artifact.id, variant: artifact.variant, precision: artifact.precision, backend: assignment.backend,
            sizeBytes: artifact.sizeBytes,
            state: assignment.state, detail: assignment.detail, stage: assignment.stage, purpose: assignment.purpose.rawValue,
            previousArtifactId: assignment.previousArtifactId, healthLatencyMs: assignment.healthLatencyMs,
            healthBudgetMs: assignment.healthBudgetMs, updatedAt: assignment.updatedAt.timeIntervalSince1970,
            history: history.map {
                AssignmentEventView(state: $0.state, detail: $0.detail, actor: $0.actor, at: $0.at.timeIntervalSince1970)
            })
    }
}
