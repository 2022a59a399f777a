import ArgumentParser
import Foundation
import LiteEngine

/// `effctl artifacts evaluate`: what quantization (or any change) cost, before deploying it.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Compare two artifacts over a folder of photos: top-1 agreement, top-5 overlap, mean logit cosine."
    )

    @Option(help: "Artifact to evaluate.") var artifact: String
    @Option(help: "Reference artifact (e.g. the FP32 source).") var reference: String
    @Option(help: "Folder of uint8 H×W×3 .npy photos.") var images: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let comparison = try ArtifactComparison.compare(artifact: artifact, reference: reference, photosIn: images)
        if json {
            try JSONOutput.print(comparison)
            return
        }
        for photo in comparison.photos {
            print(
                String(
                    format: "%-28@ top-1 %4d vs %4d (p=%.2f)  top-5 overlap %d/5  cosine %.4f",
                    photo.name, photo.top1, photo.referenceTop1, photo.referenceProbability, photo.top5Overlap, photo.cosine))
        }
        print(
            String(
                format:
                    "%d photos: top-1 agreement %.1f%% (%.1f%% where the reference is decisive, p ≥ %.2f), top-5 overlap %.1f%%, mean "
                    + "logit cosine %.4f",
                comparison.photos.count, 100 * comparison.top1Agreement, 100 * comparison.decisiveTop1Agreement,
                ArtifactComparison.decisiveProbability, 100 * comparison.top5Overlap, comparison.meanCosine))
    }
}
