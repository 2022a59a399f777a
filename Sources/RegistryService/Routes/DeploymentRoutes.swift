import Hummingbird
import RegistryAPI
import RegistryStore

/// `/v1/deployments` (and their rollback) for operators; `/v1/assignment` and
/// `/v1/assignments/{id}/state|health` for the device an assignment belongs to.
struct DeploymentRoutes {
    let registry: Registry

    func register(on routes: RouteGroups) {
        routes.admin.post("deployments") { request, _ -> EditedResponse<DeploymentView> in
            let body = try await request.decodeJSON(CreateDeploymentRequest.self)
            let canary = body.canaryPercent ?? 0
            guard canary.isFinite, (0...100).contains(canary) else {
                throw HTTPError(.badRequest, message: "field 'canary_percent' must be between 0 and 100")
            }
            try Validate.range(body.waves ?? 1, 1...100, field: "waves")
            try Validate.range(body.maxFailures ?? 0, 0...1_000_000, field: "max_failures")
            if let timeout = body.stageTimeoutSeconds, !(timeout.isFinite && StageDeadline.allowedSeconds.contains(timeout)) {
                throw HTTPError(.badRequest, message: "field 'stage_timeout_seconds' must be between 1 and 604800 (a week)")
            }
            var rollout = RolloutOptions(
                canaryPercent: canary, waves: body.waves ?? 1, maxFailures: body.maxFailures ?? 0,
                stageDeadline: body.stageTimeoutSeconds.map(StageDeadline.init(timeoutSeconds:)))
            let offline = body.includeOffline == true ? [] : try await OfflineTargets.find(planId: body.planId, registry: registry)
            rollout.excludedDevices = Set(offline.map(\.id))
            let deployment = try await registry.store.createDeployment(planId: body.planId, rollout: rollout)
            var view = deployment.view
            if !offline.isEmpty { view.offlineLeftOut = offline.map(\.name) }
            return EditedResponse(status: .created, response: view)
        }
        routes.admin.post("deployments/:id/rollback") { request, context -> EditedResponse<DeploymentView> in
            let id = try context.parameters.require("id")
            let rollback = try await registry.store.rollBack(deploymentId: id)
            return EditedResponse(status: .created, response: rollback.view)
        }
        routes.admin.post("deployments/:id/cancel") { _, context -> DeploymentView in
            let id = try context.parameters.require("id")
            return try await registry.store.cancelDeployment(id: id, actor: "operator").view
        }
        routes.admin.get("deployments") { request, _ -> [DeploymentView] in
            let fleet = request.uri.queryParameters["fleet"].map(String.init)
            return try await registry.store.deployments(fleet: fleet).map(\.view)
        }
        routes.admin.get("deployments/:id") { request, context -> DeploymentView in
            let id = try context.parameters.require("id")
            return try await registry.store.deployment(id: id).view
        }
        routes.admin.get("events") { request, _ -> [FleetEventView] in
            let query = request.uri.queryParameters
            return try await registry.store.events(fleet: query["fleet"].map(String.init), deviceId: query["device"].map(String.init)).map(
                \.view)
        }
        routes.device.get("assignment") { request, context -> Response in
            let device = context.device
            guard let assignment = try await registry.store.currentAssignment(deviceId: device.id) else {
                return Response(status: .noContent)
            }
            return try assignment.view.response(from: request, context: context)
        }
        routes.device.post("assignments/:id/state") { request, context -> AssignmentView in
            let device = context.device
            let id = try context.parameters.require("id")
            let report = try await request.decodeJSON(AssignmentStateReport.self)
            if let detail = report.detail { try Validate.text(detail, field: "detail") }
            return try await registry.store.reportAssignment(
                id: id, deviceId: device.id, deviceName: device.name, state: report.state, detail: report.detail
            ).view
        }
        routes.device.post("assignments/:id/health") { request, context -> AssignmentView in
            let device = context.device
            let id = try context.parameters.require("id")
            let report = try await request.decodeJSON(HealthReport.self)
            try await ResultValidation.check(report, assignmentId: id, deviceId: device.id, registry: registry)
            return try await registry.store.reportHealth(id: id, deviceId: device.id, deviceName: device.name, report: report).view
        }
    }
}
