import LiteArtifact

/// A portable, single-threaded pure-Swift implementation of the network, used to cross-check
/// the optimized backends. Plain loops in the artifact's layouts; correctness over speed.
public final class ReferenceBackend: InferenceBackend {
    public let kind = BackendKind.reference
    private let plan: NetworkPlan
    private let weights: [LayerWeights]

    /// Copies the artifact's weights out of the file.
    public init(artifact: Artifact) throws(EngineError) {
        plan = NetworkPlan(architecture: artifact.metadata.architecture)
        var weights: [LayerWeights] = []
        for step in plan.steps {
            do {
                weights.append(try artifact.weights(of: step.layer))
            } catch {
                throw EngineError(error.description)
            }
        }
        self.weights = weights
    }

    public func run(input: [Float]) throws(EngineError) -> [Float] {
        try run(input: input, observer: nil)
    }

    /// Runs one inference and shows every intermediate tensor to `observer` under the keys of
    /// `ActivationRanges` (used for INT8 calibration).
    public func run(input: [Float], observer: ((String, [Float]) -> Void)?) throws(EngineError) -> [Float] {
        guard input.count == plan.inputShape.elementCount else {
            throw EngineError("input has \(input.count) values, the network takes \(plan.inputShape.elementCount)")
        }
        var outputs: [[Float]] = []
        outputs.reserveCapacity(plan.steps.count)
        var current = input
        for (index, step) in plan.steps.enumerated() {
            let layer = weights[index]
            var output: [Float]
            switch step.layer.operation {
            case .convolution(let kernel, let stride, _, _):
                output = ReferenceKernels.convolution(current, step: step, kernel: kernel, stride: stride, weights: layer)
            case .depthwise(let kernel, let stride, _):
                output = ReferenceKernels.depthwise(current, step: step, kernel: kernel, stride: stride, weights: layer)
            case .fullyConnected:
                let pooled = ReferenceKernels.globalAveragePool(current, shape: step.input)
                observer?(ActivationRanges.pooledKey, pooled)
                output = ReferenceKernels.fullyConnected(pooled, weights: layer)
            }
            if step.relu6 {
                for element in output.indices {
                    output[element] = min(max(output[element], 0), 6)
                }
            }
            observer?(step.layer.name, output)
            if let source = step.residualSource {
                let residual = outputs[source]
                for element in output.indices {
                    output[element] += residual[element]
                }
                observer?(ActivationRanges.residualKey(step.layer.name), output)
            }
            outputs.append(output)
            current = output
        }
        return current
    }
}
