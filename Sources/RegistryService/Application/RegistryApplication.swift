import Hummingbird
import HummingbirdTLS
import Logging
import RegistryConsole
import RegistryStore
import ServiceLifecycle

/// Builds the registry's HTTP application.
public enum RegistryApplication {
    /// The router with every route of the API (`Docs/API.md`) and the web console at `/` (`Docs/CONSOLE.md`).
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
        ConsoleRoutes(console: registry.makeConsole()).register(on: router)
        return router
    }

    /// The application listening on `host:port` (port 0 picks a free one), over HTTPS with `tls`;
    /// `onListening` gets the port actually bound once the server runs.
    public static func make(
        registry: Registry, host: String, port: Int, tls: RegistryTLS? = nil, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var services: [any Service] = [
            HeartbeatFlushService(heartbeats: registry.heartbeats, logger: logger),
            StageDeadlineService(store: registry.store, logger: logger),
        ]
        if let revocations = registry.store as? any DeviceTokenRevocations {
            services.append(DeviceTokenRevocationService(revocations: revocations, cache: registry.deviceTokens, logger: logger))
        }
        return Application(
            router: makeRouter(registry: registry),
            server: try tls.map { try .tls(.http1(), tlsConfiguration: try $0.configuration()) } ?? .http1(),
            configuration: .init(address: .hostname(host, port: port)),
            services: services,
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) }, logger: logger)
    }
}
