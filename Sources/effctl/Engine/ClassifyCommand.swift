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
    @Option(help: "Class names, one a line in output order (default: Registry/imagenet-classes.tsv if present).") var labels: String?
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable {
        var variant: String
        var precision: String
        var backend: String
        var top: [Score]
    }

    /// One of the top classes, with its names when there is a labels file.
    struct Score: Encodable {
        var `class`: Int
        var probability: Double
        var label: String?
    }

    func run() throws {
        guard (1...1000).contains(top) else { throw CLIError("--top must be 1…1000, got \(top)") }
        let names = try classLabels()
        let session = try InferenceSession(artifactPath: artifact, backend: backend, threads: threads)
        let values = try session.logits(for: try ModelInput(contentsOf: input))
        if let logits {
            try NPYArray(shape: [values.count], floats: values).write(to: logits)
        }
        let output = Output(
            variant: session.artifact.metadata.variant.rawValue, precision: session.artifact.metadata.precision.rawValue,
            backend: session.backend.kind.rawValue,
            top: Classification.top(top, of: values).map {
                Score(class: $0.classIndex, probability: $0.probability, label: names?[$0.classIndex])
            }
        )
        if json {
            try JSONOutput.print(output)
        } else {
            var table = Table(columns: [.init("class", .right), .init("probability", .right), .init("label")])
            for score in output.top {
                table.append([String(score.class), String(format: "%.4f", score.probability), score.label ?? "-"])
            }
            print(table.rendered(), terminator: "")
        }
        // After the answer, so a failure above stays one line.
        let origin = session.artifact.metadata.origin
        if !origin.isPretrained {
            let warning =
                "warning: \(artifact) has synthetic weights (\(origin)): its classes mean nothing; "
                + "import real ones with effctl artifacts import-torch\n"
            FileHandle.standardError.write(Data(warning.utf8))
        }
    }

    /// The class names of --labels, or of Registry/imagenet-classes.tsv when it is there; nil without either.
    private func classLabels() throws -> ClassLabels? {
        let path = labels ?? "Registry/imagenet-classes.tsv"
        guard labels != nil || FileManager.default.fileExists(atPath: path) else { return nil }
        return try ClassLabels(contentsOfFile: path)
    }
}
