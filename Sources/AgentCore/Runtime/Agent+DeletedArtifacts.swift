import Foundation
import Logging
import RegistryClient

extension Agent {
    /// How often the agent asks whether its stored artifacts still exist (and once at start).
    static let deletedArtifactsCheckInterval = Duration.seconds(300)

    /// Removes the stored artifacts the registry has deleted (it answers 404 for them), except the
    /// active one, which keeps serving until an assignment replaces it; returns the ids removed.
    /// Any other failure is thrown, like every registry outage, to be retried.
    @discardableResult
    func dropDeletedArtifacts(_ client: any DeviceRegistry) async throws -> [String] {
        let active = directory.activeArtifact()
        var dropped: [String] = []
        for id in directory.storedArtifacts() where id != active && !stop.isRequested {
            guard try await Self.isDeleted(id, client) else { continue }
            let freed = directory.removeArtifact(id)
            dropped.append(id)
            logger.info("removed \(id.prefix(12)): deleted at the registry (\(freed >> 20) MiB freed)")
        }
        return dropped
    }

    /// Whether the registry answers 404 for artifact `id`; any other failure is thrown.
    private static func isDeleted(_ id: String, _ client: any DeviceRegistry) async throws(RegistryClientError) -> Bool {
        do {
            _ = try await client.artifact(id: id)
            return false
        } catch {
            if error.statusCode == 404 { return true }
            throw error
        }
    }
}
