import Hummingbird
import RegistryAPI
import RegistryStore

/// `/v1/fleets`: operators create and list fleets and rotate their enrollment tokens.
struct FleetRoutes {
    let registry: Registry

    func register(on group: RouterGroup<BasicRequestContext>) {
        group.post("fleets") { request, _ -> EditedResponse<FleetView> in
            try await Caller.requireAdmin(request, registry: registry)
            let body = try await request.decodeJSON(CreateFleetRequest.self)
            try Validate.name(body.name, field: "name")
            try Validate.positive(body.defaultBudgetMs, field: "default_budget_ms")
            let percentile = body.percentile ?? "p90"
            try Validate.percentile(percentile, field: "percentile")
            let token = Token.generate()
            let fleet = FleetRecord(
                name: body.name, enrollmentTokenHash: Token.hash(token), defaultBudgetMs: body.defaultBudgetMs, percentile: percentile,
                allowSynthetic: body.allowSynthetic ?? false)
            try await storeCall { try await registry.store.createFleet(fleet) }
            return EditedResponse(status: .created, response: fleet.view(devices: 0, enrollmentToken: token))
        }
        group.get("fleets") { request, _ -> [FleetView] in
            try await Caller.requireAdmin(request, registry: registry)
            let fleets = try await storeCall { try await registry.store.fleets() }
            let counts = try await storeCall { try await registry.store.deviceCounts() }
            return fleets.map { $0.view(devices: counts[$0.name] ?? 0) }
        }
        group.post("fleets/:name/enrollment-token") { request, context -> FleetView in
            try await Caller.requireAdmin(request, registry: registry)
            let name = try context.parameters.require("name")
            let token = Token.generate()
            let fleet = try await storeCall { try await registry.store.rotateEnrollmentToken(fleet: name, tokenHash: Token.hash(token)) }
            let devices = try await storeCall { try await registry.store.deviceCount(fleet: name) }
            return fleet.view(devices: devices, enrollmentToken: token)
        }
    }
}
