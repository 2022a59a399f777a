import EffCore
import Foundation
import Hummingbird
import RegistryStore

/// `GET /metrics`: the registry's metrics in Prometheus' text format, for the admin token or the
/// scrape token (`effregistry serve --metrics-token-file`).
struct MetricsRoutes {
    let registry: Registry

    func register(on router: Router<RegistryRequestContext>) {
        router.get("metrics") { _, context -> Response in
            try authorize(context)
            let metrics = registry.metrics
            metrics.record(try await registry.store.census(now: Date(), onlineWithin: metrics.onlineWithin.milliseconds / 1000))
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
    }

    /// Lets the admin and the scrape token through: 401 without a known token, 403 for a device.
    private func authorize(_ context: RegistryRequestContext) throws {
        if case .admin = context.caller { return }
        // Compared as sha256 digests, so that timing reveals nothing of the token.
        if let scrapeToken = registry.metrics.scrapeToken, let bearer = context.bearerToken, Token.hash(bearer) == Token.hash(scrapeToken) {
            return
        }
        if case .device = context.caller { throw HTTPError(.forbidden, message: "metrics are for the admin or the scrape token") }
        throw context.caller.refusal(on: .operators)
    }
}
