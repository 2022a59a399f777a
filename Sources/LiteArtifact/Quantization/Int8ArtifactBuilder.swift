import EffCore
import TensorIO

/// Quantizes an FP32 artifact: per-channel symmetric int8 weights, int32 biases, and activation
/// parameters from calibration ranges (see `Docs/ARTIFACT.md`).
public struct Int8ArtifactBuilder: Sendable {
    public let source: Artifact
    public let ranges: ActivationRanges
    public let calibration: QuantizationSpec.Calibration
    /// Measured agreement with `source`, written as the `agreement` metadata when set.
    public var agreement: AgreementEvidence?

    /// The logits' calibrated range is widened by this fraction on each side. A confident photo's
    /// top logits exceed what a small calibration set shows; clipped, they become ties and the
    /// top-1 falls to the lowest-numbered of the tied classes.
    public static let logitMargin: Float = 0.5

    public init(source: Artifact, ranges: ActivationRanges, calibration: QuantizationSpec.Calibration) {
        self.source = source
        self.ranges = ranges
        self.calibration = calibration
    }

    /// The exact quantization of the normalized input `(u8 − 127) / 128`: `q = u8 − 128`.
    public static func inputParameters(mean: Float, std: Float) -> QuantizationParameters {
        QuantizationParameters(minimum: (0 - mean) / std, maximum: (255 - mean) / std)
    }

    /// Encodes the INT8 artifact.
    public func encoded() throws -> [UInt8] {
        let layout = source.layout
        let input = Self.inputParameters(mean: source.metadata.inputMean, std: source.metadata.inputStd)
        var layers: [String: QuantizationSpec.Layer] = [:]
        var writer = SafeTensorsWriter()
        var current = input
        for spec in layout.layers {
            let weights = try source.weights(of: spec)
            let channels = spec.operation.outputChannels
            let isDepthwise: Bool = if case .depthwise = spec.operation { true } else { false }
            let quantized = Self.quantizeWeights(weights.weight, channels: channels, channelIsLast: isDepthwise)
            var layer = QuantizationSpec.Layer(
                weightScales: quantized.scales,
                output: try ranges.parameters(spec.name, margin: spec.name == "classifier" ? Self.logitMargin : 0))
            var layerInput = current
            if case .fullyConnected = spec.operation {
                let pooled = try ranges.parameters(ActivationRanges.pooledKey)
                layer.pooled = pooled
                layerInput = pooled
            }
            let bias = zip(weights.bias, quantized.scales).map { bias, scale in
                Self.quantizeBias(bias, scale: Double(layerInput.scale) * Double(scale))
            }
            try writer.add(spec.weightName, dtype: .i8, shape: spec.operation.weightShape, elements: quantized.values)
            try writer.add(spec.biasName, dtype: .i32, shape: [channels], elements: bias)
            current = layer.output
            if layout.residualLayers.contains(spec.name) {
                let residual = try ranges.parameters(ActivationRanges.residualKey(spec.name))
                layer.residualOutput = residual
                current = residual
            }
            layers[spec.name] = layer
        }
        var metadata = source.metadata
        metadata.precision = .int8
        metadata.quantization = QuantizationSpec(
            method: "minmax", calibration: calibration, sourceSHA256: try source.sha256(), input: input, layers: layers
        )
        metadata.agreement = agreement
        writer.metadata = try metadata.encoded()
        _ = try ArtifactMetadata(decoding: writer.metadata)
        return try writer.encoded()
    }

    /// Writes the INT8 artifact atomically to `path`.
    public func write(to path: String) throws {
        try FileBytes.writeAtomically(try encoded(), to: path)
    }

    /// Symmetric per-channel int8: `scale[c] = max|w[c]| / 127`.
    static func quantizeWeights(_ weights: [Float], channels: Int, channelIsLast: Bool) -> (values: [Int8], scales: [Float]) {
        let perChannel = weights.count / channels
        func channel(of index: Int) -> Int { channelIsLast ? index % channels : index / perChannel }
        var maxima = [Float](repeating: 0, count: channels)
        for (index, weight) in weights.enumerated() {
            maxima[channel(of: index)] = max(maxima[channel(of: index)], abs(weight))
        }
        let scales = maxima.map { $0 > 0 ? $0 / 127 : 1 }
        let values = weights.enumerated().map { index, weight in
            Int8(max(min((weight / scales[channel(of: index)]).rounded(.toNearestOrEven), 127), -127))
        }
        return (values, scales)
    }

    /// The largest bias magnitude: ±2³⁰ leaves room for any int8 dot product of these networks
    /// (at most 1152 · 255 · 127 ≈ 2²⁵), so the int32 accumulator cannot wrap. Biases this large
    /// only come from dead channels (batch norm folded into a huge negative bias ahead of ReLU6).
    /// With ±2³¹ the integer reference and XNNPACK wrapped around to arbitrary outputs there,
    /// where oneDNN (float after the accumulation) clamps to 0 as the float network does.
    static let biasLimit = Double(1 << 30)

    static func quantizeBias(_ bias: Float, scale: Double) -> Int32 {
        let value = (Double(bias) / scale).rounded(.toNearestOrEven)
        return Int32(max(min(value, biasLimit), -biasLimit))
    }
}
