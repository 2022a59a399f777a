import Hummingbird
import Logging

/// Builds the registry's HTTP application.
public enum RegistryApplication {
    /// The router with every route of the API (`Docs/API.md`).
    public static func makeRouter(registry: Registry) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: JSONErrorMiddleware())
        router.get("healthz") { _, _ in Health() }
        let v1 = router.group("v1")
        FleetRoutes(registry: registry).register(on: v1)
        DeviceRoutes(registry: registry).register(on: v1)
        ArtifactRoutes(registry: registry).register(on: v1)
        ResultRoutes(registry: registry).register(on: v1)
        JobRoutes(registry: registry).register(on: v1)
        PlanRoutes(registry: registry).register(on: v1)
        DeploymentRoutes(registry: registry).register(on: v1)
        BackupRoutes(registry: registry).register(on: v1)
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
