import CurlClient
import RegistryAPI

extension RegistryClient {
    /// `POST /v1/plans` (admin): plans a fleet and stores the plan.
    public func createPlan(_ request: CreatePlanRequest) async throws(RegistryClientError) -> PlanView {
        try await send(.post, request, to: url("/v1/plans"), as: PlanView.self)
    }

    /// `GET /v1/plans[?fleet=]` (admin): plans newest first, without their entries (``PlanView/entries`` is empty).
    public func listPlans(fleet: String? = nil) async throws(RegistryClientError) -> [PlanView] {
        try await get([PlanSummary].self, url("/v1/plans", query: [("fleet", fleet)])).map(\.view)
    }

    /// `GET /v1/plans/{id}[?device=]` (admin): a plan with its entries, or only `device`'s.
    public func plan(id: String, device: String? = nil) async throws(RegistryClientError) -> PlanView {
        try await get(PlanView.self, url("/v1/plans/" + Self.segment(id), query: [("device", device)]))
    }
}

/// A plan as listed: like ``PlanView``, but the entries may be left out.
private struct PlanSummary: Decodable {
    var id: String
    var fleet: String
    var percentile: LatencyPercentile
    var headroom: Double
    var allowSynthetic: Bool
    var createdAt: Double
    var entries: [PlanEntryView]?
    var pendingJobs: Int?

    var view: PlanView {
        PlanView(
            id: id, fleet: fleet, percentile: percentile, headroom: headroom, allowSynthetic: allowSynthetic,
            createdAt: createdAt, entries: entries ?? [], pendingJobs: pendingJobs ?? 0
        )
    }
}
