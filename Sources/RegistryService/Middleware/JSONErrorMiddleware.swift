import Hummingbird
import Logging

/// Gives every error answer a JSON body `{"error": {"message": …}}`: the router's own "no such
/// route" and "method not allowed" errors have none, and anything unexpected becomes a 500 that
/// says no more than that (the details go to the log).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.body == nil {
            let message =
                switch error.status {
                case .notFound: "no route \(request.method) \(request.uri.path)"
                case .methodNotAllowed: "\(request.method) is not allowed on \(request.uri.path)"
                default: error.status.reasonPhrase
                }
            throw HTTPError(error.status, headers: error.headers, message: message)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error("unexpected error on \(request.method) \(request.uri.path): \(error)")
            throw HTTPError(.internalServerError, message: "internal error")
        }
    }
}
