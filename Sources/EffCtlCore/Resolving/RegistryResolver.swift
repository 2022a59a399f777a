import RegistryAPI
import RegistryClient

/// Finds the registry's deployments, plans and artifacts by id or unique id prefix (devices: ``DeviceResolver``).
///
/// A full id is asked for directly; anything the registry does not know as an id (404, or 400 for a
/// malformed one) is matched as a prefix against the list.
public struct RegistryResolver {
    public let client: RegistryClient

    public init(client: RegistryClient) {
        self.client = client
    }

    /// The artifact `text` names.
    public func artifact(_ text: String) async throws -> ArtifactView {
        try await exactOrPrefix(
            { try await client.artifact(id: text) },
            { try IDPrefix.match(text, in: await client.listArtifacts(), id: \.id, kind: "artifact", listing: "effctl artifacts list") })
    }

    /// The deployment `text` names.
    public func deployment(_ text: String) async throws -> DeploymentView {
        try await exactOrPrefix(
            { try await client.deployment(id: text) },
            {
                try IDPrefix.match(
                    text, in: await client.listDeployments(), id: \.id, kind: "deployment", listing: "effctl query deployments")
            })
    }

    /// The plan `text` names.
    public func plan(_ text: String) async throws -> PlanView {
        try await exactOrPrefix(
            { try await client.plan(id: text) },
            { try IDPrefix.match(text, in: await client.listPlans(), id: \.id, kind: "plan", listing: "effctl query plans") })
    }

    private func exactOrPrefix<Value>(
        _ exact: () async throws -> Value, _ prefix: () async throws -> Value
    ) async throws -> Value {
        do {
            return try await exact()
        } catch let error as RegistryClientError where error.statusCode == 404 || error.statusCode == 400 {
            return try await prefix()
        }
    }
}
