import Hummingbird
import RegistryAPI
import RegistryStore

/// `/v1/fleets`: operators create and list fleets, rotate their enrollment tokens and have their
/// devices measure again.
struct FleetRoutes {
    let registry: Registry

    func register(on routes: RouteGroups) {
        routes.admin.post("fleets") { request, _ -> EditedResponse<FleetView> in
            let body = try await request.decodeJSON(CreateFleetRequest.self)
            try Validate.name(body.name, field: "name")
            try Validate.latencyBudget(body.latencyBudgetMs, field: "latency_budget_ms")
            let percentile = body.percentile ?? .p90
            let token = Token.generate()
            let fleet = FleetRecord(
                name: body.name, enrollmentTokenHash: Token.hash(token), latencyBudgetMs: body.latencyBudgetMs, percentile: percentile,
                allowSynthetic: body.allowSynthetic ?? false)
            try await registry.store.createFleet(fleet)
            return EditedResponse(status: .created, response: fleet.view(devices: 0, enrollmentToken: token))
        }
        routes.admin.delete("fleets/:name") { request, context -> HTTPResponse.Status in
            let name = try context.parameters.require("name")
            let force = try Validate.flag(request.uri.queryParameters["force"], name: "force")
            for deviceId in try await registry.store.deleteFleet(name: name, force: force, actor: "operator") {
                registry.forgetDevice(id: deviceId)
            }
            return .noContent
        }
        routes.admin.get("fleets") { request, _ -> [FleetView] in
            let fleets = try await registry.store.fleets()
            let counts = try await registry.store.deviceCounts()
            return fleets.map { $0.view(devices: counts[$0.name] ?? 0) }
        }
        routes.admin.post("fleets/:name/remeasure") { _, context -> RemeasureView in
            let name = try context.parameters.require("name")
            return RemeasureView(fleet: name, jobs: try await registry.store.remeasure(fleet: name, actor: "operator"))
        }
        routes.admin.post("fleets/:name/enrollment-token") { request, context -> FleetView in
            let name = try context.parameters.require("name")
            let token = Token.generate()
            let fleet = try await registry.store.rotateEnrollmentToken(fleet: name, tokenHash: Token.hash(token))
            let devices = try await registry.store.deviceCount(fleet: name)
            return fleet.view(devices: devices, enrollmentToken: token)
        }
    }
}
