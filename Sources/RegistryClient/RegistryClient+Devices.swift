import CurlClient
import RegistryAPI

extension RegistryClient {
    /// `GET /v1/devices[?fleet=]` (admin).
    public func listDevices(fleet: String? = nil) async throws(RegistryClientError) -> [DeviceView] {
        try await get([DeviceView].self, url("/v1/devices", query: [("fleet", fleet)]))
    }

    /// `GET /v1/devices/{id}` (admin, or that device).
    public func device(id: String) async throws(RegistryClientError) -> DeviceView {
        try await get(DeviceView.self, url("/v1/devices/" + Self.segment(id)))
    }

    /// `PATCH /v1/devices/{id}` (admin): changes the budgets the request sets; returns the device.
    public func updateDevice(id: String, _ update: UpdateDeviceRequest) async throws(RegistryClientError) -> DeviceView {
        try await send(.patch, update, to: url("/v1/devices/" + Self.segment(id)), as: DeviceView.self)
    }

    /// `DELETE /v1/devices/{id}` (admin): decommissions the device; its token stops working at once.
    public func deleteDevice(id: String) async throws(RegistryClientError) {
        _ = try await exchange(.delete, url("/v1/devices/" + Self.segment(id)))
    }

    /// `POST /v1/devices/{id}/reenrollment` (admin): lets the fleet's enrollment token enroll the
    /// device again, once, within `validMinutes`; returns the device.
    public func approveReenrollment(id: String, validMinutes: Int) async throws(RegistryClientError) -> DeviceView {
        try await send(
            .post, ReenrollmentApproval(validMinutes: validMinutes), to: url("/v1/devices/" + Self.segment(id) + "/reenrollment"),
            as: DeviceView.self)
    }
}
