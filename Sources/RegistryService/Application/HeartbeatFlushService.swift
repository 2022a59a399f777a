import Logging
import RegistryStore
import ServiceLifecycle

/// Writes the heartbeats still in memory when the service shuts down. It runs in the
/// application's service group ahead of the HTTP server, so it is shut down after the server has
/// stopped taking requests: no heartbeat answered 204 is left unwritten by a graceful shutdown.
struct HeartbeatFlushService: Service {
    let heartbeats: HeartbeatCoalescer
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        do {
            try await heartbeats.flush()
        } catch {
            logger.error("heartbeats not written at shutdown: \(error)")
        }
    }
}
