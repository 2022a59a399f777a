import Foundation
import Hummingbird
import RegistryAPI
import RegistryStore

/// Enrollment, heartbeats and device management.
struct DeviceRoutes {
    let registry: Registry

    func register(on routes: RouteGroups) {
        routes.open.post("enroll") { request, context -> EditedResponse<EnrollResponse> in
            guard let token = context.bearerToken else { throw Caller.anonymous.refusal(on: .devices) }
            let body = try await request.decodeJSON(EnrollRequest.self)
            try Validate.name(body.name, field: "name")
            try Validate.name(body.fleet, field: "fleet")
            try Validate.latencyBudget(body.latencyBudgetMs, field: "latency_budget_ms")
            try Validate.positive(body.memoryBudgetMb, field: "memory_budget_mb")
            try Validate.range(body.hardware.cores, 1...4096, field: "hardware.cores")
            try Validate.range(body.hardware.threads, 1...256, field: "hardware.threads")
            try Validate.text(body.hardware.cpuModel, field: "hardware.cpu_model", maximumBytes: 256)
            try Validate.text(body.hardware.architecture, field: "hardware.architecture", maximumBytes: 32)
            try Validate.text(body.hardware.backend, field: "hardware.backend", maximumBytes: 32)
            try Validate.engineVersion(body.engineVersion)
            let isAdmin = registry.admin.matches(token)
            let fleet: FleetRecord
            do {
                fleet = try await registry.store.fleet(named: body.fleet)
            } catch let error as StoreError where error.kind == .notFound && !isAdmin {
                // An unknown fleet is answered as a wrong token is, so enrollment reveals no fleet names.
                throw StoreError.wrongEnrollmentToken(fleet: body.fleet)
            }
            let credential: EnrollmentCredential =
                if Token.hash(token) == fleet.enrollmentTokenHash { .enrollmentToken } else if isAdmin { .admin } else {
                    .deviceToken(hash: Token.hash(token))
                }
            let deviceToken = Token.generate()
            let device = DeviceRecord(
                id: UUID().uuidString.lowercased(), name: body.name, fleetName: body.fleet, tokenHash: Token.hash(deviceToken),
                hardware: body.hardware, engineVersion: body.engineVersion,
                latencyBudgetMs: body.latencyBudgetMs, memoryBudgetMb: body.memoryBudgetMb, lastSeenAt: Date())
            let enrolled = try await registry.store.enroll(device, credential: credential)
            if !enrolled.isNew { registry.forgetDevice(id: enrolled.device.id) }  // the old token stops working now
            return EditedResponse(
                status: enrolled.isNew ? .created : .ok, response: EnrollResponse(deviceId: enrolled.device.id, deviceToken: deviceToken))
        }
        routes.device.post("heartbeat") { request, context -> HTTPResponse.Status in
            let device = context.device
            await registry.heartbeats.record(deviceId: device.id)
            return .noContent
        }
        routes.admin.delete("devices/:id") { _, context -> HTTPResponse.Status in
            let id = try context.parameters.require("id")
            try await registry.store.deleteDevice(id: id, actor: "operator")
            registry.forgetDevice(id: id)  // its token stops working now
            return .noContent
        }
        routes.admin.get("devices") { request, _ -> [DeviceView] in
            let fleet = request.uri.queryParameters["fleet"].map(String.init)
            return try await registry.store.devices(fleet: fleet).map(\.view)
        }
        routes.admin.patch("devices/:id") { request, context -> DeviceView in
            let id = try context.parameters.require("id")
            let body = try await request.decodeJSON(UpdateDeviceRequest.self)
            try Validate.latencyBudget(body.latencyBudgetMs, field: "latency_budget_ms")
            try Validate.positive(body.memoryBudgetMb, field: "memory_budget_mb")
            return try await registry.store.setBudget(
                deviceId: id, latencyBudgetMs: body.latencyBudgetMs, memoryBudgetMb: body.memoryBudgetMb
            ).view
        }
        routes.admin.post("devices/:id/reenrollment") { request, context -> DeviceView in
            let id = try context.parameters.require("id")
            let body = try await request.decodeJSON(ReenrollmentApproval.self)
            try Validate.range(body.validMinutes, 1...10_080, field: "valid_minutes")
            let until = Date().addingTimeInterval(Double(body.validMinutes) * 60)
            return try await registry.store.approveReenrollment(deviceId: id, until: until).view
        }
        routes.member.get("devices/:id") { _, context -> DeviceView in
            let id = try context.parameters.require("id")
            if case .device(let caller) = context.member, caller.id != id {
                throw HTTPError(.forbidden, message: "devices can only read their own record")
            }
            return try await registry.store.device(id: id).view
        }
    }
}
