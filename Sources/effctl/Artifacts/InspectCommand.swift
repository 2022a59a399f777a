import ArgumentParser
import EffCore
import EffCtlCore
import Foundation
import LiteArtifact
import TensorIO

/// `effctl artifacts inspect`: what an artifact is.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an artifact's variant, precision, size, parameters, MACs, resolution, sha256, origin and accuracy evidence.",
        discussion: """
            For an INT8 artifact, shows its recorded top-1 agreement with its FP32 source and the \
            top-1 the registry credits it with (with --catalog, or Registry/variants.json when it \
            exists here): published FP32 top-1 minus the upper bound on the disagreement, or, \
            without a recorded agreement, the published INT8 figure, said so.
            """
    )

    @Argument(help: "Artifact path.") var artifact: String
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Variant catalog for the published top-1 figures (default: Registry/variants.json if present).") var catalog: String?

    struct Credit: Encodable {
        var top1: Double
        var source: String
        var detail: String
    }

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
        var agreement: AgreementEvidence?
        var top1: Credit?

        enum CodingKeys: String, CodingKey {
            case variant, precision, resolution, params, macs, bytes, sha256, origin, blocks, agreement, top1
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
            blocks: metadata.architecture.blocks.count, formatVersion: metadata.formatVersion,
            agreement: metadata.agreement, top1: try credit(metadata)
        )
        if json {
            try JSONOutput.print(summary)
        } else {
            print(
                """
                artifact    \(artifact)
                variant     \(summary.variant)
                precision   \(summary.precision)
                resolution  \(summary.resolution)×\(summary.resolution)
                params      \(NumberText.metric(summary.params)) (\(NumberText.grouped(summary.params)), BN folded)
                MACs        \(NumberText.metric(summary.macs)) (\(NumberText.grouped(summary.macs)) per inference)
                blocks      \(summary.blocks)
                size        \(NumberText.bytes(summary.bytes)) (\(NumberText.grouped(summary.bytes)) bytes)
                sha256      \(summary.sha256)
                origin      \(summary.origin)\(metadata.origin.isPretrained ? "" : "  (synthetic: for latency only, not accurate)")
                """)
            if metadata.precision == .int8 {
                if let agreement = metadata.agreement {
                    print(
                        String(
                            format:
                                "agreement   top-1 agrees with the FP32 source on %d of %d held-out inputs (%.2f%%); disagreement upper "
                                + "bound %.2f%% (one-sided %.0f%% %@); set %@ from %d photos, inputs sha256 %@",
                            agreement.inputs - agreement.disagreements, agreement.inputs, 100 * agreement.top1Agreement,
                            100 * agreement.disagreementUpperBound, 100 * agreement.confidence, agreement.method,
                            agreement.set.recipe, agreement.set.sources.count, String(agreement.set.inputsSHA256.prefix(16))))
                } else {
                    print("agreement   none recorded (quantized without --evaluation)")
                }
            }
            if let top1 = summary.top1 {
                print(String(format: "top-1       %.2f%% credited (%@): %@", top1.top1, top1.source, top1.detail))
            }
        }
    }

    /// The top-1 the registry credits, from the catalog; nil without one.
    private func credit(_ metadata: ArtifactMetadata) throws -> Credit? {
        let path = catalog ?? "Registry/variants.json"
        guard catalog != nil || FileManager.default.fileExists(atPath: path) else { return nil }
        let published = try VariantCatalog(contentsOf: URL(fileURLWithPath: path)).entry(for: metadata.variant)?.published
        guard let credit = Top1Credit.credit(precision: metadata.precision, published: published, agreement: metadata.agreement?.credit)
        else { return nil }
        return Credit(top1: credit.top1, source: credit.source.rawValue, detail: credit.detail)
    }
}
