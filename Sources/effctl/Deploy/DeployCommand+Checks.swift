import EffCore
import Foundation
import RegistryAPI
import RegistryClient

extension DeployCommand {
    /// `left out 2 offline devices: cam-3, cam-7 (…)`, or nil when the registry left none out.
    static func offlineNote(_ deployment: DeploymentView) -> String? {
        guard let names = deployment.offlineLeftOut, !names.isEmpty else { return nil }
        return "left out \(names.count.counted("offline device")): \(names.joined(separator: ", ")) "
            + "(no heartbeat within the registry's bound); deploy to them too with --include-offline"
    }

    /// Warns on stderr when the stored plan no longer says what planning now would: results of its
    /// fleet arrived, or budgets changed, after it was made.
    func warnIfStale(_ plan: PlanView, _ client: RegistryClient) async throws {
        let devices = Set(try await client.listDevices(fleet: plan.fleet).map(\.id))
        let results = try await client.listResults(since: Date(timeIntervalSince1970: plan.createdAt))
            .filter { $0.deviceId.map(devices.contains) ?? false }.compactMap(\.createdAt)
        let budgets = try await client.events(fleet: plan.fleet).filter { $0.kind == "budget-changed" }.map(\.at)
        let reasons = PlanStaleness.reasons(plannedAt: plan.createdAt, resultTimes: results, budgetChangeTimes: budgets)
        guard !reasons.isEmpty else { return }
        let line =
            "warning: plan \(plan.id) is stale: \(reasons.joined(separator: "; ")); plan again with effctl deploy --fleet \(plan.fleet)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
