import ArgumentParser
import EffCore
import EffCtlCore
import Foundation
import LiteArtifact
import LiteEngine
import TensorIO

/// `effctl artifacts quantize`: static post-training INT8 quantization, and the evidence of what
/// it cost: top-1 agreement with the FP32 source on a held-out evaluation set.
struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Quantize an FP32 artifact to INT8 (per-channel weights, per-tensor activations from calibration photos).",
        discussion: """
            With --evaluation, the INT8 artifact is then compared with its FP32 source on a held-out \
            evaluation set derived from the photos in that folder (crops, flips, scales, colour \
            changes; none may be a calibration photo), and the artifact records the top-1 agreement \
            and a one-sided 95 % Clopper–Pearson upper bound on the disagreement rate. The registry \
            credits such an artifact with the published FP32 top-1 minus that bound; without it, with \
            the published INT8 figure of another recipe.
            """
    )

    @Option(name: .customLong("in"), help: "FP32 artifact.") var input: String
    @Option(help: "Folder of uint8 H×W×3 .npy calibration photos.") var calibration: String
    @Option(help: "Use at most this many photos (sorted by name).") var images: Int?
    @Option(help: "Folder of uint8 H×W×3 .npy held-out source photos for the evaluation set (disjoint from calibration).")
    var evaluation: String?
    @Option(
        name: .customLong("evaluation-inputs"),
        help: "Inputs derived from the evaluation photos (at least \(AgreementMeasurement.minimumInputs)).")
    var evaluationInputs = AgreementMeasurement.defaultInputs
    @Option(help: "Backend for the evaluation: \(BackendChoice.arguments.joined(separator: ", ")).") var backend = "auto"
    @Option(help: "Threads per inference during the evaluation.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(name: .customLong("evaluation-report"), help: "Also write every evaluated input's comparison as JSON here.")
    var evaluationReport: String?
    @Option(help: "Output INT8 artifact path.") var out: String

    func run() throws {
        if let images, images < 1 { throw CLIError("--images must be at least 1, got \(images)") }
        if evaluation != nil, evaluationInputs < AgreementMeasurement.minimumInputs {
            throw CLIError("--evaluation-inputs must be at least \(AgreementMeasurement.minimumInputs), got \(evaluationInputs)")
        }
        guard let backendChoice = BackendChoice(argument: backend) else {
            throw CLIError("--backend must be one of \(BackendChoice.arguments.joined(separator: ", ")), got '\(backend)'")
        }
        guard (1...256).contains(threads) else { throw CLIError("--threads must be between 1 and 256, got \(threads)") }
        let source = try Artifact(path: input)
        guard source.metadata.precision == .fp32 else {
            throw CLIError("\(input) is \(source.metadata.precision.rawValue); quantize takes an fp32 artifact")
        }
        let photos = try Calibrator.photos(in: calibration, limit: images)
        let set = try evaluation.map { directory throws(EngineError) in
            let set = try EvaluationSet(directory: directory)
            try set.checkDisjoint(fromCalibration: photos)
            return set
        }
        let (ranges, calibrationSet) = try Calibrator.calibrate(artifact: source, photos: photos)
        var builder = Int8ArtifactBuilder(source: source, ranges: ranges, calibration: calibrationSet)
        guard let set else {
            try builder.write(to: out)
            print(
                "wrote \(out) (\(source.metadata.variant.rawValue), int8, calibrated on \(photos.count) photos; no agreement measured: "
                    + "pass --evaluation)"
            )
            return
        }
        // Measure the artifact as written, then record the evidence in its metadata (the tensors
        // do not change).
        let unmeasured = out + ".unmeasured"
        try builder.write(to: unmeasured)
        defer { try? FileManager.default.removeItem(atPath: unmeasured) }
        let outcome = try AgreementMeasurement.measure(
            artifact: try Artifact(path: unmeasured), reference: source, set: set, inputs: evaluationInputs, backend: backendChoice,
            threads: threads)
        builder.agreement = outcome.evidence
        try builder.write(to: out)
        if let evaluationReport {
            try FileBytes.writeAtomically(Array(try JSONOutput.encode(outcome.comparison)), to: evaluationReport)
        }
        let evidence = outcome.evidence
        print(
            String(
                format:
                    "wrote %@ (%@, int8, calibrated on %d photos): top-1 agrees with the FP32 source on %d of %d held-out inputs (%.2f%%; "
                    + "disagreement %.2f%%, 95%% Clopper–Pearson upper bound %.2f%%), from %d source photos in %.1f s on %@",
                out, source.metadata.variant.rawValue, photos.count, evidence.inputs - evidence.disagreements, evidence.inputs,
                100 * evidence.top1Agreement, 100 * (1 - evidence.top1Agreement), 100 * evidence.disagreementUpperBound,
                set.sources.count, outcome.seconds, evidence.backend))
        if let decisive = evidence.decisiveInputs, let decisiveDisagreements = evidence.decisiveDisagreements {
            print(
                "  of which \(decisiveDisagreements) of \(decisive) where FP32 is decisive (top-1 p ≥ "
                    + "\(ArtifactComparison.decisiveProbability)); the bound covers all \(evidence.inputs)"
            )
        }
    }
}
