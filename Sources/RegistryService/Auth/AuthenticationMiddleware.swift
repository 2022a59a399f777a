import Hummingbird

/// Identifies the bearer token of every request (every route, so that the request log and
/// `/metrics` know the caller) and stores the ``Caller`` in the context; the route groups' contexts
/// (``AdminRequestContext``, ``DeviceRequestContext``, ``MemberRequestContext``) then refuse the
/// callers they do not serve.
struct AuthenticationMiddleware: RouterMiddleware {
    let registry: Registry

    func handle(
        _ request: Request, context: RegistryRequestContext, next: (Request, RegistryRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.bearerToken = Caller.bearerToken(request)
        context.caller = try await Caller.identify(context.bearerToken, registry: registry)
        return try await next(request, context)
    }
}
