import EffCore
import Hummingbird
import Logging

/// Logs one line per request once its response has been written (or its error thrown): method,
/// route, status, milliseconds and the kind of caller (``RequestLogMiddleware/callerKind(_:)``).
/// It runs after ``AuthenticationMiddleware``, which identified the caller.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext

    /// The scrape token, logged as the caller kind `metrics`.
    let scrapeToken: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            var response = try await next(request, context)
            let status = response.status
            response.body = response.body.whenWritten { log(request, context, status: status, since: start) }
            return response
        } catch {
            log(request, context, status: (error as? any HTTPResponseError)?.status ?? .internalServerError, since: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: HTTPResponse.Status, since start: ContinuousClock.Instant) {
        let milliseconds = ((ContinuousClock.now - start).milliseconds * 1000).rounded() / 1000  // to the microsecond
        let route = context.endpointPath ?? "NotFound"
        let caller = callerKind(context)
        context.logger.info(
            "\(request.method) \(route) \(status.code) \(milliseconds) ms \(caller)",
            metadata: [
                "method": "\(request.method)", "route": "\(route)", "path": "\(request.uri.path)",
                "status": .stringConvertible(status.code), "ms": .stringConvertible(milliseconds), "caller": "\(caller)",
            ])
    }

    /// `admin`, `device`, `enrollment` (a token that is neither, on `POST /v1/enroll`, the one route
    /// enrollment tokens serve), `metrics` (the scrape token), `unknown` (any other token) or `anonymous`.
    func callerKind(_ context: Context) -> String {
        switch context.caller {
        case .admin: "admin"
        case .device: "device"
        case .anonymous: "anonymous"
        case .unknown:
            if let scrapeToken, context.bearerToken == scrapeToken {
                "metrics"
            } else if context.endpointPath == "/v1/enroll" {
                "enrollment"
            } else {
                "unknown"
            }
        }
    }
}
