import Foundation
import LiteEngine
import Logging
import RegistryAPI
import RegistryClient

extension Agent {
    /// Carries out the device's assignment if it is not done yet, then measures it in service;
    /// returns whether it did anything.
    ///
    /// The new artifact is downloaded and verified, opened and made to classify one image
    /// *before* the `active` link is switched to it, so a broken artifact never becomes active
    /// and the previous one keeps serving.
    func carryOutAssignment(_ client: any DeviceRegistry) async throws -> Bool {
        guard let assignment = try await client.currentAssignment() else { return false }
        let isLocal = directory.activeArtifact() == assignment.artifactId
        if assignment.purpose == "withdraw" {
            return try await withdraw(assignment, client)
        }
        switch assignment.state {
        case .pending, .downloading:
            try await activate(assignment, report: true, client)
        case .active where isLocal:
            try await measureInService(assignment, client)
        case .active, .healthy, .breached:
            guard !isLocal else { return false }
            // The registry says it runs here but the data folder lost it: restore it quietly.
            try await activate(assignment, report: false, client)
        case .waiting, .failed, .superseded, .cancelled, .withdrawn:
            return false
        }
        return true
    }

    /// Stops serving the withdrawn artifact (the device ran nothing before it); returns whether
    /// there was anything to do.
    private func withdraw(_ assignment: AssignmentView, _ client: any DeviceRegistry) async throws -> Bool {
        let serving = directory.activeArtifact() == assignment.artifactId
        if serving { try directory.deactivate() }
        guard assignment.state == .pending else { return serving }
        logger.warning("withdrawn: \(assignment.variant) \(assignment.precision) breached its budget; this device ran nothing before it")
        let report = AssignmentStateReport(state: .withdrawn, detail: "stopped serving; runs nothing")
        try await send(.assignmentState(assignmentId: assignment.id, report), client)
        return true
    }

    private func activate(_ assignment: AssignmentView, report: Bool, _ client: any DeviceRegistry) async throws {
        let backend = assignment.servingBackend
        let label = "\(assignment.variant) \(assignment.precision) on \(backend)\(assignment.purpose == "rollback" ? " (rollback)" : "")"
        if report && assignment.state == .pending {
            try await send(
                .assignmentState(assignmentId: assignment.id, AssignmentStateReport(state: .downloading, detail: "fetching \(label)")),
                client)
        }
        let path = directory.artifactPath(assignment.artifactId)
        let detail: String
        do {
            try await download(assignment.artifactId, size: assignment.sizeBytes, to: path, client)
            guard let kind = BackendKind(rawValue: backend) else { throw AgentError("this agent has no backend '\(backend)'") }
            detail = try await measure { _ in try ServingCheck.run(artifactPath: path, backend: kind, threads: configuration.threads) }
            try directory.activate(assignment.artifactId)
        } catch let error as RegistryClientError where !error.isArtifactFault {
            throw error
        } catch is AgentStopped {
            throw AgentStopped()
        } catch {
            logger.error("assignment \(assignment.id): \(label) failed: \(error)")
            if report {
                try await send(
                    .assignmentState(assignmentId: assignment.id, AssignmentStateReport(state: .failed, detail: String(describing: error))),
                    client)
            }
            return
        }
        logger.info("active: \(label) (\(assignment.artifactId.prefix(12))); \(detail)")
        if report {
            try await send(
                .assignmentState(assignmentId: assignment.id, AssignmentStateReport(state: .active, detail: "serving \(label); \(detail)")),
                client)
            try await measureInService(assignment, client)
        }
    }

    /// A short benchmark of the artifact now active, reported as the assignment's health.
    private func measureInService(_ assignment: AssignmentView, _ client: any DeviceRegistry) async throws {
        let report: OutboxMessage
        do {
            let path = directory.artifactPath(assignment.artifactId)
            guard let backend = BackendKind(rawValue: assignment.servingBackend) else {
                throw AgentError("this agent has no backend '\(assignment.servingBackend)'")
            }
            // No re-measurement of disagreeing trials here: the registry's health gate asks for more readings itself.
            let measured = try await measureOnce(path, backend: backend, options: configuration.healthCheck)
            let latency = measured.latency
            report = .health(
                assignmentId: assignment.id,
                HealthReport(
                    p50Ms: latency.p50, p90Ms: latency.p90, p99Ms: latency.p99, runs: latency.count, intervals: measured.intervals,
                    context: measured.context))
            logger.info("in service: \(assignment.variant) \(assignment.precision) p90 \(Self.ms(latency.p90)) over \(latency.count) runs")
        } catch is AgentStopped {
            throw AgentStopped()
        } catch {
            logger.error("assignment \(assignment.id): the in-service measurement failed: \(error)")
            report = .assignmentState(
                assignmentId: assignment.id, AssignmentStateReport(state: .failed, detail: "in-service measurement failed: \(error)"))
        }
        try await send(report, client)
    }
}

extension AssignmentView {
    /// The backend to serve with: assignments from registries that predate backends ran XNNPACK.
    var servingBackend: String { backend ?? BackendKind.xnnpack.rawValue }
}
