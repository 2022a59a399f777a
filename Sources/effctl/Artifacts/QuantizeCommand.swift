import ArgumentParser
import Foundation
import LiteArtifact
import LiteEngine

/// `effctl artifacts quantize`: static post-training INT8 quantization.
struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Quantize an FP32 artifact to INT8 (per-channel weights, per-tensor activations from calibration photos)."
    )

    @Option(name: .customLong("in"), help: "FP32 artifact.") var input: String
    @Option(help: "Folder of uint8 H×W×3 .npy calibration photos.") var calibration: String
    @Option(help: "Use at most this many photos (sorted by name).") var images: Int?
    @Option(help: "Output INT8 artifact path.") var out: String

    func run() throws {
        if let images, images < 1 { throw CLIError("--images must be at least 1, got \(images)") }
        let source = try Artifact(path: input)
        guard source.metadata.precision == .fp32 else { throw CLIError("\(input) is \(source.metadata.precision.rawValue); quantize takes an fp32 artifact") }
        let photos = try Calibrator.photos(in: calibration, limit: images)
        let (ranges, set) = try Calibrator.calibrate(artifact: source, photos: photos)
        try Int8ArtifactBuilder(source: source, ranges: ranges, calibration: set).write(to: out)
        print("wrote \(out) (\(source.metadata.variant.rawValue), int8, calibrated on \(photos.count) photos)")
    }
}
