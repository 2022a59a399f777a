import RegistryAPI

extension RegistryClient {
    /// `POST /v1/deployments` (admin): carries out a stored plan.
    public func createDeployment(planId: String) async throws(RegistryClientError) -> DeploymentView {
        try await send(.post, CreateDeploymentRequest(planId: planId), to: url("/v1/deployments"), as: DeploymentView.self)
    }

    /// `GET /v1/deployments[?fleet=]` (admin), newest first.
    public func listDeployments(fleet: String? = nil) async throws(RegistryClientError) -> [DeploymentView] {
        try await get([DeploymentView].self, url("/v1/deployments", query: [("fleet", fleet)]))
    }

    /// `GET /v1/deployments/{id}` (admin): a deployment and its assignments' states.
    public func deployment(id: String) async throws(RegistryClientError) -> DeploymentView {
        try await get(DeploymentView.self, url("/v1/deployments/" + Self.segment(id)))
    }

    /// `GET /v1/assignment` (device): the device's newest assignment that is not superseded, or nil
    /// when it has none (204).
    public func currentAssignment() async throws(RegistryClientError) -> AssignmentView? {
        let target = url("/v1/assignment")
        let response = try await exchange(.get, target)
        if response.status == 204 || response.body.isEmpty {
            return nil
        }
        return try decode(AssignmentView.self, from: response, url: target)
    }

    /// `POST /v1/assignments/{id}/state` (that device): reports progress; returns the assignment.
    public func reportAssignmentState(id: String, _ report: AssignmentStateReport) async throws(RegistryClientError) -> AssignmentView {
        try await send(.post, report, to: url("/v1/assignments/" + Self.segment(id) + "/state"), as: AssignmentView.self)
    }
}
