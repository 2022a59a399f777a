import Hummingbird
import Logging

/// Builds the registry's HTTP application.
public enum RegistryApplication {
    /// The router with every route of the API (`Docs/API.md`).
    public static func makeRouter(registry: Registry) -> Router<RegistryRequestContext> {
        let router = Router(context: RegistryRequestContext.self)
        // Every request's caller is known before it is logged and counted; route groups refuse callers.
        router.add(middleware: AuthenticationMiddleware(registry: registry))
        router.add(middleware: RequestLogMiddleware(scrapeToken: registry.metrics.scrapeToken))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: JSONErrorMiddleware())
        router.get("healthz") { _, _ in Health() }
        MetricsRoutes(registry: registry).register(on: router)
        OpenAPIDocument.register(on: router)
        let routes = RouteGroups(router.group("v1"))
        FleetRoutes(registry: registry).register(on: routes)
        DeviceRoutes(registry: registry).register(on: routes)
        ArtifactRoutes(registry: registry).register(on: routes)
        ResultRoutes(registry: registry).register(on: routes)
        JobRoutes(registry: registry).register(on: routes)
        PlanRoutes(registry: registry).register(on: routes)
        DeploymentRoutes(registry: registry).register(on: routes)
        BackupRoutes(registry: registry).register(on: routes)
        return router
    }

    /// The application listening on `host:port` (port 0 picks a free one); `onListening` gets the
    /// port actually bound once the server runs.
    public static func make(
        registry: Registry, host: String, port: Int, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(registry: registry), configuration: .init(address: .hostname(host, port: port)),
            services: [HeartbeatFlushService(heartbeats: registry.heartbeats, logger: logger)],
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) }, logger: logger)
    }
}
