import RegistryAPI

/// Names an artifact for people: `lite0 fp32` when it is known, a short id otherwise.
public enum ArtifactLabel {
    public static func text(_ id: String?, artifacts: [String: ArtifactView]) -> String {
        guard let id else { return "-" }
        if let artifact = artifacts[id] {
            return "\(artifact.variant) \(artifact.precision)"
        }
        return String(id.prefix(12))
    }
}
