import FleetModel
import Hummingbird
import Planner
import RegistryAPI
import RegistryStore

/// `/v1/plans`: operators plan a fleet from its stored results and read stored plans.
struct PlanRoutes {
    let registry: Registry

    func register(on routes: RouteGroups) {
        routes.admin.post("plans") { request, _ -> PlanJSON in
            let body = try await request.decodeJSON(CreatePlanRequest.self)
            try Validate.name(body.fleet, field: "fleet")
            let snapshot = try await registry.store.planningSnapshot(fleet: body.fleet, macsByVariant: registry.macsByVariant)
            let percentile = body.percentile ?? snapshot.fleet.percentile
            let headroom = body.headroom ?? 0.1
            guard headroom.isFinite, (0...10).contains(headroom) else {
                throw HTTPError(.badRequest, message: "field 'headroom' must be between 0 and 10")
            }
            let policy = PlanningPolicy(
                percentile: percentile, headroom: headroom, allowSynthetic: body.allowSynthetic ?? snapshot.fleet.allowSynthetic,
                explain: body.explain ?? false)
            let planned: (plan: PlanRecord, entries: [PlanEntryRecord], jobs: [BenchmarkJob])
            do {
                planned = try FleetPlanning.plan(snapshot, policy: policy)
            } catch {
                throw HTTPError(.unprocessableContent, message: "cannot plan fleet '\(body.fleet)': \(error)")
            }
            try await registry.store.savePlan(
                planned.plan, entries: planned.entries,
                jobs: planned.jobs.map { ($0.deviceID, $0.artifactID, $0.reason == .budgetInsideInterval) })
            MemoryRelease.soon()
            return PlanJSON(plan: planned.plan.view(entries: planned.entries), status: .created)
        }
        routes.admin.get("plans") { request, _ -> [PlanView] in
            let fleet = request.uri.queryParameters["fleet"].map(String.init)
            return try await registry.store.plans(fleet: fleet).map { $0.view(entries: []) }
        }
        routes.admin.get("plans/:id") { request, context -> PlanJSON in
            let id = try context.parameters.require("id")
            let device = request.uri.queryParameters["device"].map(String.init)
            let stored = try await registry.store.plan(id: id, deviceId: device)
            if stored.entries.count > 10_000 { MemoryRelease.soon() }
            return PlanJSON(plan: stored.plan.view(entries: stored.entries))
        }
    }
}
