import RegistryStore

/// One line of a fleet's history as the device and rollout pages list it.
struct EventRow: Sendable {
    var at: String
    var actor: String
    var kind: String
    var detail: String

    init(_ event: FleetEventRecord) {
        at = ConsoleText.time(event.at)
        actor = event.actor
        kind = event.kind
        detail = event.detail ?? ""
    }
}
