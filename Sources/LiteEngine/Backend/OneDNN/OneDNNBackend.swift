import LiteArtifact

/// Runs a network on oneDNN's x86 kernels (JIT-compiled for this CPU: AVX2, AVX-512, VNNI): FP32
/// artifacts in float, INT8 artifacts with signed 8-bit activations and per-channel weights end to
/// end (see ``OneDNNLayerRecipe`` for how the artifact's quantization maps onto oneDNN).
///
/// Every primitive is created once, when the backend is built, with weights in the layout the
/// primitive chooses (`format_tag::any`) and reordered once from the artifact's memory map;
/// activations are NHWC throughout and live in three shared buffers. ReLU6 and residual additions
/// are post-ops of the convolutions. Threads are OpenMP threads, set for every call (see
/// ``OneDNNThreads``).
public final class OneDNNBackend: InferenceBackend {
    public let kind = BackendKind.onednn
    /// Keeps the memory map alive (weights are copied at load, but the artifact owns the file).
    private let artifact: Artifact
    private let threads: Int
    private let context: OneDNNContext
    let graph: OneDNNGraph

    /// Builds the network of `artifact` for `threads` OpenMP threads.
    public init(artifact: Artifact, threads: Int) throws(EngineError) {
        if let reason = OneDNNLibrary.unavailability { throw EngineError(reason) }
        self.artifact = artifact
        self.threads = threads
        OneDNNThreads.use(threads)
        context = try OneDNNContext()
        let plan = NetworkPlan(architecture: artifact.metadata.architecture)
        graph = try OneDNNGraphBuilder.build(plan: plan, artifact: artifact, context: context)
    }

    public func run(input: [Float]) throws(EngineError) -> [Float] {
        guard input.count == graph.inputCount else {
            throw EngineError("input has \(input.count) values, the network takes \(graph.inputCount)")
        }
        OneDNNThreads.use(threads)
        return try graph.run(input)
    }
}
