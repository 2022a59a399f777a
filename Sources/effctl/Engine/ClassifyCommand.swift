import ArgumentParser
import EffCore
import EffCtlCore
import Foundation
import LiteArtifact
import LiteEngine
import TensorIO

/// `effctl engine classify`: top classes (and optionally logits) for one input.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify a .npy input (uint8 H×W×3 photo or float32 (1,)R×R×3 tensor)."
    )

    @Option(help: "Artifact path.") var artifact: String
    @Option(help: "Input .npy path.") var input: String
    @Option(help: "How many classes to show.") var top: Int = 5
    @Option(help: "Backend: auto (the fastest available here), onednn, xnnpack or reference.") var backend: BackendChoice = .auto
    @Option(help: "Threads.") var threads: Int = 1
    @Option(help: "Write the raw float32 logits to this .npy file.") var logits: String?
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable {
        var variant: String
        var precision: String
        var backend: String
        var top: [ClassScore]
    }

    func run() throws {
        guard (1...1000).contains(top) else { throw CLIError("--top must be 1…1000, got \(top)") }
        let session = try InferenceSession(artifactPath: artifact, backend: backend, threads: threads)
        let values = try session.logits(for: try ModelInput(contentsOf: input))
        if let logits {
            try NPYArray(shape: [values.count], floats: values).write(to: logits)
        }
        let output = Output(
            variant: session.artifact.metadata.variant.rawValue, precision: session.artifact.metadata.precision.rawValue,
            backend: session.backend.kind.rawValue,
            top: Classification.top(top, of: values)
        )
        if json {
            try JSONOutput.print(output)
        } else {
            for score in output.top {
                print("\(String(score.classIndex).leftPadded(to: 4))  \(String(format: "%.4f", score.probability))")
            }
        }
    }
}
