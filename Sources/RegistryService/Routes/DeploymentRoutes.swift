import Hummingbird
import RegistryAPI
import RegistryStore

/// `/v1/deployments` for operators; `/v1/assignment` and `/v1/assignments/{id}/state` for the
/// device an assignment belongs to.
struct DeploymentRoutes {
    let registry: Registry

    func register(on group: RouterGroup<BasicRequestContext>) {
        group.post("deployments") { request, _ -> EditedResponse<DeploymentView> in
            try await Caller.requireAdmin(request, registry: registry)
            let body = try await request.decodeJSON(CreateDeploymentRequest.self)
            let deployment = try await storeCall { try await registry.store.createDeployment(planId: body.planId) }
            return EditedResponse(status: .created, response: deployment.view)
        }
        group.get("deployments") { request, _ -> [DeploymentView] in
            try await Caller.requireAdmin(request, registry: registry)
            let fleet = request.uri.queryParameters["fleet"].map(String.init)
            return try await storeCall { try await registry.store.deployments(fleet: fleet) }.map(\.view)
        }
        group.get("deployments/:id") { request, context -> DeploymentView in
            try await Caller.requireAdmin(request, registry: registry)
            let id = try context.parameters.require("id")
            return try await storeCall { try await registry.store.deployment(id: id) }.view
        }
        group.get("assignment") { request, context -> Response in
            let device = try await Caller.requireDevice(request, registry: registry)
            guard let assignment = try await storeCall({ try await registry.store.currentAssignment(deviceId: device.id) }) else {
                return Response(status: .noContent)
            }
            return try assignment.view.response(from: request, context: context)
        }
        group.post("assignments/:id/state") { request, context -> AssignmentView in
            let device = try await Caller.requireDevice(request, registry: registry)
            let id = try context.parameters.require("id")
            let report = try await request.decodeJSON(AssignmentStateReport.self)
            if let detail = report.detail { try Validate.text(detail, field: "detail") }
            return try await storeCall {
                try await registry.store.reportAssignment(id: id, deviceId: device.id, state: report.state, detail: report.detail)
            }.view
        }
    }
}
