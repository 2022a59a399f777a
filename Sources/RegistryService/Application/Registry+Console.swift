import RegistryConsole

extension Registry {
    /// The web console over this registry: its store, its admin token, and the same planning as
    /// `POST /v1/plans` for the device picture.
    var console: Console {
        Console(
            store: store, adminToken: adminToken, macsByVariant: macsByVariant,
            planning: { snapshot, policy in try FleetPlanning.plan(snapshot, policy: policy).entries }, onlineWindow: offlineAfter)
    }
}
