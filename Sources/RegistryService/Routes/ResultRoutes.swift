import Foundation
import Hummingbird
import RegistryAPI
import RegistryStore

/// `/v1/results`: devices post benchmark results (idempotently, by their id); operators read them.
struct ResultRoutes {
    let registry: Registry

    func register(on routes: RouteGroups) {
        routes.device.post("results") { request, context -> EditedResponse<ResultAcknowledgement> in
            let device = context.device
            let report = try await request.decodeJSON(BenchmarkReport.self)
            try await ResultValidation.check(report, registry: registry)
            let stored = try await registry.results.add(BenchmarkResultRecord(report: report, deviceId: device.id))
            registry.metrics.countResult(stored: stored)
            return EditedResponse(status: stored ? .created : .ok, response: ResultAcknowledgement(id: report.id, stored: stored))
        }
        routes.admin.get("results") { request, _ -> [BenchmarkReport] in
            let query = request.uri.queryParameters
            let since = try Validate.since(query["since"])
            return try await registry.store.results(
                deviceId: query["device"].map(String.init), artifactId: query["artifact"].map(String.init), since: since
            ).map(\.report)
        }
    }
}
