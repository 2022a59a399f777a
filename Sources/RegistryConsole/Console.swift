import Foundation
import Planner
import RegistryStore

/// What the console reads and who may open it: the registry's store, its admin token and the one
/// function that plans a fleet (the service's `FleetPlanning`, so that the console draws exactly
/// what `POST /v1/plans` would decide).
public struct Console: Sendable {
    /// Plans a fleet snapshot under a policy and returns every device's entry, as the service does.
    public typealias Planning = @Sendable (PlanningSnapshot, PlanningPolicy) throws -> [PlanEntryRecord]

    let store: any FleetStore
    let adminToken: String
    let macsByVariant: [String: Int]
    let planning: Planning
    let sessions: ConsoleSessions
    let templates: ConsoleTemplates
    /// A device whose last heartbeat is older than this is shown offline (agents heartbeat every
    /// 10 s by default, so a minute is six missed heartbeats).
    let onlineWindow: TimeInterval
    /// Headroom of the device picture when the fleet has no stored plan yet (`effctl deploy`'s default).
    let defaultHeadroom: Double

    /// The console over `store`, opened by `adminToken` only. Sessions last `sessionLifetime`.
    public init(
        store: any FleetStore, adminToken: String, macsByVariant: [String: Int], planning: @escaping Planning,
        sessionLifetime: TimeInterval = 12 * 3600, onlineWindow: TimeInterval = 60, defaultHeadroom: Double = 0.1
    ) {
        self.store = store
        self.adminToken = adminToken
        self.macsByVariant = macsByVariant
        self.planning = planning
        self.sessions = ConsoleSessions(lifetime: sessionLifetime)
        self.templates = ConsoleTemplates.bundled
        self.onlineWindow = onlineWindow
        self.defaultHeadroom = defaultHeadroom
    }
}
