import EffCore
import LiteArtifact

/// An artifact bound to a backend, ready to classify inputs.
///
/// Not safe for concurrent use: give each thread its own session.
public final class InferenceSession {
    public let artifact: Artifact
    public let backend: any InferenceBackend
    public let preprocessor: ImagePreprocessor

    /// Opens the artifact at `path` and builds the backend `choice` resolves to for it (by default
    /// the fastest available on this CPU).
    public convenience init(artifactPath path: String, backend choice: BackendChoice = .auto, threads: Int = 1) throws(EngineError) {
        try self.init(artifact: try Self.open(path), backend: choice, threads: threads)
    }

    /// Opens the artifact at `path` and builds `backend` for it.
    public convenience init(artifactPath path: String, backend: BackendKind, threads: Int = 1) throws(EngineError) {
        try self.init(artifact: try Self.open(path), backend: .kind(backend), threads: threads)
    }

    /// Builds `backend` for an opened artifact.
    public convenience init(artifact: Artifact, backend: BackendKind, threads: Int = 1) throws(EngineError) {
        try self.init(artifact: artifact, backend: .kind(backend), threads: threads)
    }

    /// Builds the backend `choice` resolves to (``BackendKind/resolve(_:precision:)``) for an
    /// opened artifact; `backend.kind` names it.
    public init(artifact: Artifact, backend choice: BackendChoice = .auto, threads: Int = 1) throws(EngineError) {
        guard (1...256).contains(threads) else { throw EngineError("threads must be between 1 and 256, got \(threads)") }
        self.artifact = artifact
        self.preprocessor = ImagePreprocessor(
            resolution: artifact.metadata.resolution, mean: artifact.metadata.inputMean, std: artifact.metadata.inputStd
        )
        switch try BackendKind.resolve(choice, precision: artifact.metadata.precision) {
        case .onednn:
            self.backend = try OneDNNBackend(artifact: artifact, threads: threads)
        case .xnnpack:
            self.backend = try XNNPACKBackend(artifact: artifact, threads: threads)
        case .reference where artifact.metadata.precision == .int8:
            self.backend = try ReferenceInt8Backend(artifact: artifact)
        case .reference:
            self.backend = try ReferenceBackend(artifact: artifact)
        }
    }

    private static func open(_ path: String) throws(EngineError) -> Artifact {
        do {
            return try Artifact(path: path)
        } catch {
            throw EngineError(error.description)
        }
    }

    /// The 1000 raw logits for `input`.
    public func logits(for input: ModelInput) throws(EngineError) -> [Float] {
        try backend.run(input: try input.prepared(with: preprocessor))
    }

    /// The `top` most probable classes for `input`.
    public func classify(_ input: ModelInput, top: Int = 5) throws(EngineError) -> [ClassScore] {
        Classification.top(top, of: try logits(for: input))
    }
}
