import ArgumentParser
import EffCore
import Foundation
import LiteArtifact
import TorchImport

/// `effctl artifacts import-torch`: real pretrained weights from a legacy torch `.pth` file.
struct ImportTorchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-torch",
        abstract: "Import EfficientNet-Lite weights from a legacy torch.save .pth file (BN folded) into an artifact."
    )

    @Option(help: "Variant the weights belong to: lite0…lite4.") var variant: Variant
    @Option(help: "The .pth file.") var weights: String
    @Option(help: "Where the weights came from, recorded as pretrained:<source>.") var source: String?
    @Option(help: "Output artifact path.") var out: String

    func run() throws {
        let checkpoint = try TorchCheckpoint(contentsOf: URL(fileURLWithPath: weights))
        let sha256 = try Artifact.sha256(ofFileAt: weights)
        let origin = source ?? "file:\(URL(fileURLWithPath: weights).lastPathComponent)"
        let builder = try TorchStateDictImporter(variant: variant).makeBuilder(checkpoint: checkpoint, source: origin, sha256: sha256)
        try builder.write(to: out)
        print("wrote \(out) (\(variant.rawValue), fp32, pretrained:\(origin))")
    }
}
