import Hummingbird

/// Lets a request to a console page through only with an open session; a browser without one is
/// sent to the sign-in form (`303`), with the page it asked for kept in the URL.
struct ConsoleSessionMiddleware<Context: RequestContext>: RouterMiddleware {
    let sessions: ConsoleSessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let id = SessionCookie.sessionId(in: request), sessions.isOpen(id) else {
            return HTMLResponse.redirect(to: "/sign-in")
        }
        return try await next(request, context)
    }
}
