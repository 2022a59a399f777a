import Foundation
import Hummingbird
import RegistryAPI
import RegistryStore

/// `/v1/results`: devices post benchmark results (idempotently, by their id); operators read them.
struct ResultRoutes {
    let registry: Registry

    func register(on group: RouterGroup<BasicRequestContext>) {
        group.post("results") { request, _ -> EditedResponse<ResultAcknowledgement> in
            let device = try await Caller.requireDevice(request, registry: registry)
            let report = try await request.decodeJSON(BenchmarkReport.self)
            guard (1...128).contains(report.id.count) else { throw HTTPError(.badRequest, message: "field 'id' must be 1–128 characters") }
            if let backend = report.backend {
                guard (1...32).contains(backend.count), backend.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                    throw HTTPError(.badRequest, message: "field 'backend' must be 1–32 letters, digits or '-'")
                }
            }
            try Validate.range(report.threads, 1...256, field: "threads")
            try Validate.range(report.runs, 1...10_000_000, field: "runs")
            try Validate.nonNegative([
                (report.meanMs, "mean_ms"), (report.stdMs, "std_ms"), (report.minMs, "min_ms"), (report.p50Ms, "p50_ms"),
                (report.p90Ms, "p90_ms"), (report.p99Ms, "p99_ms"), (report.maxMs, "max_ms"), (report.initMs, "init_ms"),
                (report.firstMs, "first_ms"), (report.peakRSSMB, "peak_rss_mb"),
            ])
            guard report.minMs <= report.p50Ms, report.p50Ms <= report.p90Ms, report.p90Ms <= report.p99Ms, report.p99Ms <= report.maxMs else {
                throw HTTPError(.badRequest, message: "latencies must satisfy min_ms ≤ p50_ms ≤ p90_ms ≤ p99_ms ≤ max_ms")
            }
            let stored = try await storeCall { try await registry.results.add(BenchmarkResultRecord(report: report, deviceId: device.id)) }
            return EditedResponse(status: stored ? .created : .ok, response: ResultAcknowledgement(id: report.id, stored: stored))
        }
        group.get("results") { request, _ -> [BenchmarkReport] in
            try await Caller.requireAdmin(request, registry: registry)
            let query = request.uri.queryParameters
            let since = query["since"].flatMap { Double(String($0)) }.map { Date(timeIntervalSince1970: $0) }
            return try await storeCall {
                try await registry.store.results(deviceId: query["device"].map(String.init), artifactId: query["artifact"].map(String.init), since: since)
            }.map(\.report)
        }
    }
}
