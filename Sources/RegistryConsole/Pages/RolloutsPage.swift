import Foundation
import RegistryStore

/// `/rollouts`: every deployment, newest first.
struct RolloutsPage: Sendable {
    struct Row: Sendable {
        var fleet: String
        var rollout: OverviewPage.RolloutSummary
    }

    let title = "Rollouts"
    let signedIn = true
    var rollouts: [Row]
    var hasRollouts: Bool

    static func load(_ console: Console) async throws -> RolloutsPage {
        let deployments = try await console.store.deployments(fleet: nil).sorted { $0.deployment.createdAt > $1.deployment.createdAt }
        let rows = deployments.prefix(200).map { Row(fleet: $0.deployment.fleetName, rollout: OverviewPage.summary($0)) }
        return RolloutsPage(rollouts: rows, hasRollouts: !rows.isEmpty)
    }
}
