import Foundation
import LiteEngine
import RegistryAPI
import RegistryClient

extension Agent {
    /// Carries out the device's assignment if it is not done yet; returns whether it did anything.
    ///
    /// The new artifact is downloaded and verified, opened and made to classify one image
    /// *before* the `active` link is switched to it, so a broken artifact never becomes active
    /// and the previous one keeps serving.
    func carryOutAssignment(_ client: RegistryClient) async throws -> Bool {
        guard let assignment = try await client.currentAssignment() else { return false }
        let localActive = directory.activeArtifact()
        switch assignment.state {
        case .pending, .downloading: break
        case .active where localActive != assignment.artifactId: break  // the data folder lost it: restore
        case .active, .failed, .superseded: return false
        }
        let label = "\(assignment.variant) \(assignment.precision)"
        if assignment.state == .pending {
            _ = try await client.reportAssignmentState(id: assignment.id, AssignmentStateReport(state: .downloading, detail: "fetching \(label)"))
        }
        let path = directory.artifactPath(assignment.artifactId)
        let detail: String
        do {
            try await download(assignment.artifactId, size: assignment.sizeBytes, to: path, client)
            detail = try ServingCheck.run(artifactPath: path, threads: configuration.threads)
            try directory.activate(assignment.artifactId)
        } catch let error as RegistryClientError where !error.isArtifactFault {
            throw error
        } catch {
            logger.error("assignment \(assignment.id): \(label) failed: \(error)")
            _ = try await client.reportAssignmentState(id: assignment.id, AssignmentStateReport(state: .failed, detail: String(describing: error)))
            return true
        }
        _ = try await client.reportAssignmentState(id: assignment.id, AssignmentStateReport(state: .active, detail: "serving \(label); \(detail)"))
        logger.info("active: \(label) (\(assignment.artifactId.prefix(12))); \(detail)")
        return true
    }
}
