import LiteArtifact

/// An artifact bound to a backend, ready to classify inputs.
///
/// Not safe for concurrent use: give each thread its own session.
public final class InferenceSession {
    public let artifact: Artifact
    public let backend: any InferenceBackend
    public let preprocessor: ImagePreprocessor

    /// Opens the artifact at `path` and builds `backend` for it.
    public convenience init(artifactPath path: String, backend: BackendKind = .xnnpack, threads: Int = 1) throws(EngineError) {
        let artifact: Artifact
        do {
            artifact = try Artifact(path: path)
        } catch {
            throw EngineError(error.description)
        }
        try self.init(artifact: artifact, backend: backend, threads: threads)
    }

    /// Builds `backend` for an opened artifact.
    public init(artifact: Artifact, backend: BackendKind = .xnnpack, threads: Int = 1) throws(EngineError) {
        guard (1...256).contains(threads) else { throw EngineError("threads must be between 1 and 256, got \(threads)") }
        self.artifact = artifact
        self.preprocessor = ImagePreprocessor(
            resolution: artifact.metadata.resolution, mean: artifact.metadata.inputMean, std: artifact.metadata.inputStd
        )
        switch backend {
        case .xnnpack:
            self.backend = try XNNPACKBackend(artifact: artifact, threads: threads)
        case .reference where artifact.metadata.precision == .int8:
            self.backend = try ReferenceInt8Backend(artifact: artifact)
        case .reference:
            self.backend = try ReferenceBackend(artifact: artifact)
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
