import CurlClient
import RegistryAPI

extension RegistryClient {
    /// `POST /v1/deployments` (admin): carries out a stored plan, in stages if asked.
    public func createDeployment(_ request: CreateDeploymentRequest) async throws(RegistryClientError) -> DeploymentView {
        try await send(.post, request, to: url("/v1/deployments"), as: DeploymentView.self)
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

    /// `POST /v1/assignments/{id}/health` (that device): reports the in-service measurement.
    public func reportHealth(id: String, _ report: HealthReport) async throws(RegistryClientError) -> AssignmentView {
        try await send(.post, report, to: url("/v1/assignments/" + Self.segment(id) + "/health"), as: AssignmentView.self)
    }

    /// `POST /v1/deployments/{id}/rollback` (admin): returns the deployment's devices to what they ran before it.
    public func rollBack(deploymentId: String) async throws(RegistryClientError) -> DeploymentView {
        let target = url("/v1/deployments/" + Self.segment(deploymentId) + "/rollback")
        let response = try await exchange(.post, target)
        return try decode(DeploymentView.self, from: response, url: target)
    }

    /// `POST /v1/deployments/{id}/cancel` (admin): stops a running rollout; assignments not yet
    /// started are cancelled.
    public func cancelDeployment(id: String) async throws(RegistryClientError) -> DeploymentView {
        let target = url("/v1/deployments/" + Self.segment(id) + "/cancel")
        return try decode(DeploymentView.self, from: try await exchange(.post, target), url: target)
    }

    /// `GET /v1/events[?fleet=&device=]` (admin): the append-only history, oldest first.
    public func events(fleet: String? = nil, device: String? = nil) async throws(RegistryClientError) -> [FleetEventView] {
        try await get([FleetEventView].self, url("/v1/events", query: [("fleet", fleet), ("device", device)]))
    }
}
