import LiteArtifact

/// The INT8 network in portable integer arithmetic, with XNNPACK's rounding: int32 accumulation,
/// per-channel float requantization rounded half to even, fixed-point residual additions.
public final class ReferenceInt8Backend: InferenceBackend {
    public let kind = BackendKind.reference
    private let plan: NetworkPlan
    private let quantization: QuantizationSpec
    private let layers: [Int8Layer]

    /// One step's integer weights and requantization constants.
    struct Int8Layer {
        var weight: [Int32]
        var bias: [Int32]
        var input: QuantizationParameters
        var output: QuantizationParameters
        /// `input_scale · weight_scale[c] / output_scale`, in float as XNNPACK computes it.
        var requantization: [Float]
        var low: Int32
        var high: Int32
        var pooled: QuantizationParameters?
        var residual: QuantizationParameters?
    }

    public init(artifact: Artifact) throws(EngineError) {
        guard let quantization = artifact.metadata.quantization else { throw EngineError("\(artifact.path) is not an INT8 artifact") }
        self.quantization = quantization
        plan = NetworkPlan(architecture: artifact.metadata.architecture)
        var layers: [Int8Layer] = []
        var current = quantization.input
        do throws(ArtifactError) {
            for step in plan.steps {
                let spec = try quantization.layer(step.layer.name)
                let weights = try artifact.quantizedWeights(of: step.layer)
                let input = spec.pooled ?? current
                let output = spec.output
                layers.append(
                    Int8Layer(
                        weight: weights.weight.map(Int32.init), bias: weights.bias, input: input, output: output,
                        requantization: spec.weightScales.map { input.scale * $0 / output.scale },
                        low: step.relu6 ? output.clampBound(0) : -128, high: step.relu6 ? output.clampBound(6) : 127,
                        pooled: spec.pooled, residual: spec.residualOutput))
                current = spec.residualOutput ?? output
            }
        } catch {
            throw EngineError(error.description)
        }
        self.layers = layers
    }

    public func run(input: [Float]) throws(EngineError) -> [Float] {
        guard input.count == plan.inputShape.elementCount else {
            throw EngineError("input has \(input.count) values, the network takes \(plan.inputShape.elementCount)")
        }
        var current = input.map { quantization.input.quantize($0) }
        var currentParameters = quantization.input
        var outputs: [(values: [Int8], parameters: QuantizationParameters)] = []
        for (index, step) in plan.steps.enumerated() {
            let layer = layers[index]
            var output: [Int8]
            switch step.layer.operation {
            case .convolution(let kernel, let stride, _, _):
                output = Int8Kernels.convolution(current, step: step, kernel: kernel, stride: stride, layer: layer)
            case .depthwise(let kernel, let stride, _):
                output = Int8Kernels.depthwise(current, step: step, kernel: kernel, stride: stride, layer: layer)
            case .fullyConnected:
                guard let pooled = layer.pooled else { throw EngineError("classifier has no pooled quantization") }
                let vector = Int8Kernels.globalAveragePool(current, shape: step.input, input: currentParameters, output: pooled)
                output = Int8Kernels.fullyConnected(vector, layer: layer)
            }
            var parameters = layer.output
            if let source = step.residualSource, let residual = layer.residual {
                output = Int8Kernels.add(output, layer.output, outputs[source].values, outputs[source].parameters, output: residual)
                parameters = residual
            }
            outputs.append((output, parameters))
            current = output
            currentParameters = parameters
        }
        return current.map { currentParameters.dequantize($0) }
    }
}
