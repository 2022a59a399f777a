import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RegistryStore

/// The console's routes, registered at the root of the registry's router beside `/v1`:
///
/// | route | what |
/// | --- | --- |
/// | `GET /sign-in`, `POST /sign-in` | the form that takes the admin token (field `token`) and opens a session |
/// | `POST /sign-out` | closes the session |
/// | `GET /` | fleets, devices online/offline, newest rollout |
/// | `GET /devices/{id}` | the accuracy–latency picture and measurement history |
/// | `GET /rollouts`, `GET /rollouts/{id}` | rollouts; a rollout's stages and devices |
/// | `GET /rollouts/{id}/live` | the refreshing part of a rollout page (HTML fragment) |
/// | `GET /history[?fleet=]` | the fleet event log |
/// | `GET /assets/{file}` | `console.css`, `console.js` |
public struct ConsoleRoutes: Sendable {
    let console: Console

    public init(console: Console) {
        self.console = console
    }

    /// Adds the console to `router`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        let console = self.console
        router.get("assets/:file") { _, context -> Response in
            let file = try context.parameters.require("file")
            guard let asset = console.templates.assets[file] else {
                return Self.render(
                    console, ErrorPage(title: "Not found", signedIn: false, status: 404, message: "no such file"), status: .notFound)
            }
            return HTMLResponse.asset(asset)
        }
        router.get("sign-in") { _, _ in Self.render(console, SignInPage(), template: "sign-in") }
        router.post("sign-in") { request, _ in
            guard SameOrigin.allows(request) else { return Self.crossSite(console) }
            return try await Self.signIn(request, console: console)
        }
        router.post("sign-out") { request, _ -> Response in
            guard SameOrigin.allows(request) else { return Self.crossSite(console) }
            if let id = SessionCookie.sessionId(in: request) { console.sessions.close(id) }
            return HTMLResponse.redirect(to: "/sign-in", cookie: SessionCookie.cleared)
        }
        let pages = router.group().add(middleware: ConsoleSessionMiddleware<Context>(sessions: console.sessions))
        pages.get("/") { _, context in
            await Self.page(console, context.logger, template: "overview") { try await OverviewPage.load(console) }
        }
        pages.get("devices/:id") { _, context in
            let id = try context.parameters.require("id")
            return await Self.page(console, context.logger, template: "device") { try await DevicePage.load(console, deviceId: id) }
        }
        pages.get("rollouts") { _, context in
            await Self.page(console, context.logger, template: "rollouts") { try await RolloutsPage.load(console) }
        }
        pages.get("rollouts/:id") { _, context in
            let id = try context.parameters.require("id")
            return await Self.page(console, context.logger, template: "rollout") { try await RolloutPage.load(console, id: id) }
        }
        pages.get("rollouts/:id/live") { _, context in
            let id = try context.parameters.require("id")
            return await Self.page(console, context.logger, template: "rollout-live") {
                RolloutPage.live(try await console.store.deployment(id: id))
            }
        }
        pages.get("history") { request, context in
            let fleet = request.uri.queryParameters["fleet"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            return await Self.page(console, context.logger, template: "history") { try await HistoryPage.load(console, fleet: fleet) }
        }
    }

    /// Checks the posted token: the admin token opens a session and goes to the overview; anything
    /// else (a device's token, an enrollment token, a typo) shows the form again with a message.
    private static func signIn(_ request: Request, console: Console) async throws -> Response {
        let body = try await request.body.collect(upTo: 4096)
        let form = try? URLEncodedFormDecoder().decode(SignInForm.self, from: String(decoding: body.readableBytesView, as: UTF8.self))
        guard let form, form.isAdmin(console.adminToken) else {
            let message =
                form == nil ? "Enter the admin token." : "That is not the admin token (device and enrollment tokens cannot sign in)."
            return render(console, SignInPage(message: message), template: "sign-in", status: .unauthorized)
        }
        let id = console.sessions.open()
        return HTMLResponse.redirect(to: "/", cookie: SessionCookie.carrying(id, lifetime: console.sessions.lifetime))
    }

    /// The answer to a form posted from another site's page.
    private static func crossSite(_ console: Console) -> Response {
        render(
            console,
            ErrorPage(title: "Refused", signedIn: false, status: 403, message: "forms are accepted from the console's own pages only"),
            status: .forbidden)
    }

    /// The page `load` builds, rendered with `template`, or an error page saying what went wrong.
    private static func page(
        _ console: Console, _ logger: Logger, template: String, _ load: () async throws -> Any
    ) async -> Response {
        do {
            return HTMLResponse.page(try console.templates.render(try await load(), template: template))
        } catch {
            let failure = ConsoleError(error)
            if failure.status == .internalServerError { logger.error("console page '\(template)' failed: \(error)") }
            return render(
                console,
                ErrorPage(title: "Error \(failure.status.code)", signedIn: true, status: failure.status.code, message: failure.message),
                status: failure.status)
        }
    }

    private static func render(
        _ console: Console, _ object: Any, template: String = "error", status: HTTPResponse.Status = .ok
    ) -> Response {
        do {
            return HTMLResponse.page(try console.templates.render(object, template: template), status: status)
        } catch {
            let message = error.message.map { "&<>\"".contains($0) ? "&#\($0.unicodeScalars.first?.value ?? 63);" : String($0) }.joined()
            return HTMLResponse.page(
                "<!DOCTYPE html><html lang=\"en\"><title>Console unavailable</title><p>\(error.status.code): \(message)</p></html>",
                status: error.status)
        }
    }
}
