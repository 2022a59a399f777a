import ArgumentParser
import EffCore
import LiteArtifact

/// `effctl artifacts inspect`: what an artifact is.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an artifact's variant, precision, size, parameters, MACs, resolution, sha256 and origin."
    )

    @Argument(help: "Artifact path.") var artifact: String
    @Flag(help: "Print JSON.") var json = false

    struct Summary: Encodable {
        var variant: String
        var precision: String
        var resolution: Int
        var params: Int
        var macs: Int
        var bytes: Int
        var sha256: String
        var origin: String
        var blocks: Int
        var formatVersion: Int

        enum CodingKeys: String, CodingKey {
            case variant, precision, resolution, params, macs, bytes, sha256, origin, blocks
            case formatVersion = "format_version"
        }
    }

    func run() throws {
        let opened = try Artifact(path: artifact)
        let metadata = opened.metadata
        let summary = Summary(
            variant: metadata.variant.rawValue, precision: metadata.precision.rawValue, resolution: metadata.resolution,
            params: opened.layout.parameterCount, macs: metadata.architecture.multiplyAccumulates,
            bytes: opened.file.byteCount, sha256: try opened.sha256(), origin: metadata.origin.description,
            blocks: metadata.architecture.blocks.count, formatVersion: metadata.formatVersion
        )
        if json {
            try JSONOutput.print(summary)
        } else {
            print("""
                artifact    \(artifact)
                variant     \(summary.variant)
                precision   \(summary.precision)
                resolution  \(summary.resolution)×\(summary.resolution)
                params      \(summary.params) (BN folded)
                MACs        \(summary.macs)
                blocks      \(summary.blocks)
                size        \(summary.bytes) bytes
                sha256      \(summary.sha256)
                origin      \(summary.origin)\(metadata.origin.isPretrained ? "" : "  (synthetic: for latency only, not accurate)")
                """)
        }
    }
}
