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
            try await storeCall {
                try await registry.store.createFleet(FleetRecord(
                    name: body.name, enrollmentTokenHash: Token.hash(token), defaultBudgetMs: body.defaultBudgetMs, percentile: percentile))
            }
            let view = FleetView(name: body.name, defaultBudgetMs: body.defaultBudgetMs, percentile: percentile, devices: 0, enrollmentToken: token)
            return EditedResponse(status: .created, response: view)
        }
        group.get("fleets") { request, _ -> [FleetView] in
            try await Caller.requireAdmin(request, registry: registry)
            let fleets = try await storeCall { try await registry.store.fleets() }
            let counts = try await storeCall { try await registry.store.deviceCounts() }
            return fleets.map { fleet in
                FleetView(name: fleet.name, defaultBudgetMs: fleet.defaultBudgetMs, percentile: fleet.percentile, devices: counts[fleet.name] ?? 0)
            }
        }
            group.post("fleets/:name/enrollment-token") { request, context -> FleetView in
            try await Caller.requireAdmin(request, registry: registry)
            let name = try context.parameters.require("name")
            let token = Token.generate()
            let fleet = try await storeCall { try await registry.store.rotateEnrollmentToken(fleet: name, tokenHash: Token.hash(token)) }
            let counts = try await storeCall { try await registry.store.deviceCounts() }
            return FleetView(name: fleet.name, defaultBudgetMs: fleet.defaultBudgetMs, percentile: fleet.percentile, devices: counts[fleet.name] ?? 0, enrollmentToken: token)
        }
    }
}
