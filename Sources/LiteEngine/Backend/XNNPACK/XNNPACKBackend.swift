import CXNNPACK
import LiteArtifact

/// Runs a network as one XNNPACK subgraph runtime (the kernels behind TFLite's CPU path): FP32
/// artifacts in float, INT8 artifacts with XNNPACK's signed 8-bit operators end to end (the input
/// is quantized once, only the logits are dequantized).
///
/// Weights are handed to XNNPACK straight from the artifact's memory map (XNNPACK packs them
/// when the runtime is created), so loading copies nothing. Input and output live in buffers that
/// are bound to the runtime once.
public final class XNNPACKBackend: InferenceBackend {
    public let kind = BackendKind.xnnpack
    /// Keeps the memory map (and so the static weight data) alive as long as the runtime.
    private let artifact: Artifact
    private let runtime: xnn_runtime_t
    private let threadpool: pthreadpool_t?
    private let inputBuffer: UnsafeMutableBufferPointer<Float>
    private let outputBuffer: UnsafeMutableBufferPointer<Float>
    private let inputCount: Int
    private let outputCount: Int
    /// Per-channel scales the INT8 subgraph points to.
    private let scales = XNNPACKValueFactory.ScaleStorage()

    /// Builds the runtime for `artifact` on `threads` threads (1 runs on the calling thread).
    public init(artifact: Artifact, threads: Int) throws(EngineError) {
        try XNNPACKLibrary.ensureInitialized()
        self.artifact = artifact
        let plan = NetworkPlan(architecture: artifact.metadata.architecture)
        inputCount = plan.inputShape.elementCount
        outputCount = plan.outputCount
        threadpool = threads > 1 ? pthreadpool_create(threads) : nil
        // XNNPACK reads past the end of inputs with SIMD loads; give it slack.
        inputBuffer = .allocate(capacity: inputCount + 64)
        inputBuffer.initialize(repeating: 0)
        outputBuffer = .allocate(capacity: outputCount + 64)
        outputBuffer.initialize(repeating: 0)
        do throws(EngineError) {
            let subgraph = try XNNPACKGraphBuilder.makeSubgraph(
                plan: plan, file: artifact.file, quantization: artifact.metadata.quantization, scales: scales)
            defer { xnn_delete_subgraph(subgraph) }
            var runtime: xnn_runtime_t?
            try XNNPACKLibrary.check(xnn_create_runtime_v2(subgraph, threadpool, 0, &runtime), "xnn_create_runtime_v2")
            guard let runtime else { throw EngineError("XNNPACK returned no runtime") }
            let externals = [
                xnn_external_value(id: XNNPACKGraphBuilder.inputID, data: UnsafeMutableRawPointer(inputBuffer.baseAddress)),
                xnn_external_value(id: XNNPACKGraphBuilder.outputID, data: UnsafeMutableRawPointer(outputBuffer.baseAddress)),
            ]
            let status = xnn_setup_runtime(runtime, externals.count, externals)
            if status != xnn_status_success { xnn_delete_runtime(runtime) }
            try XNNPACKLibrary.check(status, "xnn_setup_runtime")
            self.runtime = runtime
        } catch {
            inputBuffer.deallocate()
            outputBuffer.deallocate()
            if let threadpool { pthreadpool_destroy(threadpool) }
            throw error
        }
    }

    deinit {
        xnn_delete_runtime(runtime)
        if let threadpool { pthreadpool_destroy(threadpool) }
        inputBuffer.deallocate()
        outputBuffer.deallocate()
    }

    public func run(input: [Float]) throws(EngineError) -> [Float] {
        guard input.count == inputCount else { throw EngineError("input has \(input.count) values, the network takes \(inputCount)") }
        _ = UnsafeMutableBufferPointer(rebasing: inputBuffer[0..<inputCount]).update(fromContentsOf: input)
        try XNNPACKLibrary.check(xnn_invoke_runtime(runtime), "xnn_invoke_runtime")
        return Array(outputBuffer[0..<outputCount])
    }
}
