import RegistryAPI

/// `GET /healthz`'s answer.
public struct HealthView: Codable, Hashable, Sendable {
    /// `ok` when the registry serves.
    public var status: String

    /// Creates an answer.
    public init(status: String) {
        self.status = status
    }
}

extension RegistryClient {
    /// `GET /healthz` (no token needed).
    public func health() async throws(RegistryClientError) -> HealthView {
        try await get(HealthView.self, url("/healthz"))
    }

    /// `POST /v1/fleets` (admin): the answer carries the fleet's enrollment token, shown only this once.
    public func createFleet(_ request: CreateFleetRequest) async throws(RegistryClientError) -> FleetView {
        try await send(.post, request, to: url("/v1/fleets"), as: FleetView.self)
    }

    /// `GET /v1/fleets` (admin).
    public func listFleets() async throws(RegistryClientError) -> [FleetView] {
        try await get([FleetView].self, url("/v1/fleets"))
    }

    /// `POST /v1/enroll` (enrollment token): registers a device and returns its id and token.
    public func enroll(_ request: EnrollRequest) async throws(RegistryClientError) -> EnrollResponse {
        try await send(.post, request, to: url("/v1/enroll"), as: EnrollResponse.self)
    }

    /// `POST /v1/heartbeat` (device token).
    public func heartbeat() async throws(RegistryClientError) {
        _ = try await exchange(.post, url("/v1/heartbeat"), body: [])
    }
}
