import CurlClient
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

    /// `DELETE /v1/fleets/{name}[?force=true]` (admin): deletes the fleet, its plans and deployments;
    /// refused while it has devices unless `force`, which deletes them too.
    public func deleteFleet(name: String, force: Bool) async throws(RegistryClientError) {
        _ = try await exchange(.delete, url("/v1/fleets/" + Self.segment(name), query: [("force", force ? "true" : nil)]))
    }

    /// `GET /v1/fleets` (admin).
    public func listFleets() async throws(RegistryClientError) -> [FleetView] {
        try await get([FleetView].self, url("/v1/fleets"))
    }

    /// `POST /v1/fleets/{name}/enrollment-token` (admin): a new enrollment token; the old one stops working.
    public func rotateEnrollmentToken(fleet: String) async throws(RegistryClientError) -> FleetView {
        let target = url("/v1/fleets/" + Self.segment(fleet) + "/enrollment-token")
        return try decode(FleetView.self, from: try await exchange(.post, target), url: target)
    }

    /// `POST /v1/fleets/{name}/remeasure` (admin): the fleet's devices benchmark again what they
    /// have measured.
    public func remeasure(fleet: String) async throws(RegistryClientError) -> RemeasureView {
        let target = url("/v1/fleets/" + Self.segment(fleet) + "/remeasure")
        return try decode(RemeasureView.self, from: try await exchange(.post, target), url: target)
    }

    /// `POST /v1/backups` (admin): a consistent copy of the registry's database, then downloads it
    /// to `path` (verified against its sha256, resumable).
    public func backup(to path: String) async throws(RegistryClientError) -> BackupView {
        let created = url("/v1/backups")
        let backup = try decode(BackupView.self, from: try await exchange(.post, created), url: created)
        let source = url("/v1/backups/" + Self.segment(backup.id))
        do {
            _ = try await http.download(from: source, to: path, expectedSHA256: backup.sha256, expectedSize: backup.sizeBytes)
        } catch {
            throw Self.translate(error, url: source)
        }
        return backup
    }

    /// `POST /v1/enroll` (enrollment token): registers a device and returns its id and token (a
    /// device enrolling again under its name keeps its id and gets a new token).
    public func enroll(_ request: EnrollRequest) async throws(RegistryClientError) -> EnrollResponse {
        try await send(.post, request, to: url("/v1/enroll"), as: EnrollResponse.self)
    }

    /// `POST /v1/heartbeat` (device token).
    public func heartbeat() async throws(RegistryClientError) {
        _ = try await exchange(.post, url("/v1/heartbeat"), body: [])
    }
}
