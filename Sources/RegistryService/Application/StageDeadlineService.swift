import Foundation
import Logging
import RegistryStore
import ServiceLifecycle

/// Enforces stage deadlines: once a second, the assignments of stages past their deadline that
/// have not settled fail, and those stages are judged (``RegistryStore/FleetStore/expireStages(now:)``).
/// Each check is one write transaction, so with several registries on one database every stage is
/// judged once.
struct StageDeadlineService: Service {
    let store: any FleetStore
    let logger: Logger
    var interval: Duration = .seconds(1)

    func run() async throws {
        // Stops at once when the application shuts down (the sleep is cancelled, the loop ends).
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let failed = try await store.expireStages(now: Date())
                    if failed > 0 { logger.notice("stage deadline passed: \(failed) assignment(s) failed for not reporting") }
                } catch {
                    logger.error("stage deadlines not checked: \(error)")
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
