import RegistryConsole

extension Registry {
    /// A web console over this registry (with sessions of its own): its store, its admin token,
    /// and the same planning as `POST /v1/plans` for the device picture.
    func makeConsole() -> Console {
        Console(
            store: store, adminToken: adminToken, macsByVariant: macsByVariant,
            planning: { snapshot, policy in try FleetPlanning.plan(snapshot, policy: policy).entries }, onlineWindow: offlineAfter)
    }
}
