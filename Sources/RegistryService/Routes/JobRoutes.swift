import Foundation
import Hummingbird
import RegistryAPI
import RegistryStore

/// `/v1/jobs`: devices fetch the benchmark jobs they are asked to run now (pending, and past any
/// back-off) and report the ones they cannot run, which are retried (``JobRetryPolicy``);
/// operators watch every job.
struct JobRoutes {
    let registry: Registry

    func register(on routes: RouteGroups) {
        routes.member.get("jobs") { request, context -> [BenchmarkJobView] in
            let query = request.uri.queryParameters
            switch context.member {
            case .device(let device):
                return try await registry.store.jobs(deviceId: device.id, offeredAt: Date()).map(\.view)
            case .admin:
                let state = try query["state"].map { raw in
                    guard let state = BenchmarkJobRecord.State(rawValue: String(raw)) else {
                        throw HTTPError(.badRequest, message: "query 'state' must be pending, done or failed")
                    }
                    return state
                }
                return try await registry.store.jobs(
                    deviceId: query["device"].map(String.init), fleet: query["fleet"].map(String.init), state: state, offeredAt: nil
                ).map(\.view)
            }
        }
        routes.device.post("jobs/:id/failure") { request, context -> BenchmarkJobView in
            let device = context.device
            let id = try context.parameters.require("id")
            let report = try await request.decodeJSON(JobFailureReport.self)
            try Validate.text(report.error, field: "error")
            return try await registry.store.failJob(id: id, deviceId: device.id, error: report.error).view
        }
    }
}
