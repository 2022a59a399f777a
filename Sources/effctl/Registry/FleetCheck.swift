import EffCtlCore
import RegistryAPI
import RegistryClient

/// The registry answers an unknown fleet's listings with nothing; this turns that into an error.
enum FleetCheck {
    /// Throws `no fleet 'x'` when `fleet` is given and the registry has no such fleet.
    static func requireExists(_ fleet: String?, client: RegistryClient) async throws {
        guard let fleet else { return }
        let names = try await client.listFleets().map(\.name)
        guard names.contains(fleet) else {
            let known = names.isEmpty ? "there are none" : "known: " + names.sorted().joined(separator: ", ")
            throw CLIError("no fleet '\(fleet)' (\(known))")
        }
    }
}
