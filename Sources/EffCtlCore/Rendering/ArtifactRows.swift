import RegistryAPI

/// Artifacts as table rows.
public enum ArtifactRows {
    public static func table(_ artifacts: [ArtifactView]) -> Table {
        var table = Table(columns: [
            .init("id"), .init("variant"), .init("precision"), .init("size", .right), .init("top-1", .right), .init("top-1 source"),
            .init("origin"),
        ])
        for artifact in artifacts {
            table.append([
                artifact.id, artifact.variant, artifact.precision, NumberText.mebibytes(artifact.sizeBytes),
                NumberText.percent(artifact.top1 ?? artifact.publishedTop1), artifact.top1Source ?? "-", artifact.origin,
            ])
        }
        return table
    }

    /// What `effctl artifacts push` uploaded: each artifact with its size, its weights and the file it came from.
    public static func pushed(_ uploads: [(artifact: ArtifactView, file: String)]) -> Table {
        var table = Table(columns: [
            .init("id"), .init("variant"), .init("precision"), .init("size", .right), .init("weights"), .init("file"),
        ])
        for (artifact, file) in uploads {
            table.append([
                artifact.id, artifact.variant, artifact.precision, NumberText.bytes(artifact.sizeBytes),
                artifact.synthetic ? "synthetic" : "pretrained", file,
            ])
        }
        return table
    }
}
