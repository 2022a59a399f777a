import CDNNL
import LiteArtifact

/// What one step computes on oneDNN, in the numbers oneDNN 2.x takes: data types, output scales,
/// zero points, the post-op chain and the bias.
///
/// oneDNN 2.x computes an int8 layer as
/// `dst = saturate(round(post_ops(output_scale[c] · (Σ (src − src_zp) · w + bias[c])) + dst_zp))`,
/// where the `sum` post-op adds `sum_scale · (dst_old − sum_zp)` in place. So for the artifact's
/// `qs8-qc8` scheme (tensors stored as ``OneDNNEncoding`` says):
/// - `output_scale[c] = input_scale · weight_scale[c] / output_scale` (the bias is already in the
///   accumulator's scale `input_scale · weight_scale[c]`);
/// - ReLU6 is a clip to the quantized bounds of 0 and 6 minus the output zero point, exactly the
///   clamp of the integer reference;
/// - a residual add is fused into the projection and rounds as the integer reference (and
///   XNNPACK) do, twice: `round` and `clip` make the projection's own int8 output, `linear`
///   rescales it to the sum's scale and `sum` adds the block input (with the block's zero point),
///   both by the reference's fixed-point factors, and the store rounds again (ties to even where
///   the reference rounds them up: a tie needs the 20-bit fixed-point sum to end in exactly
///   one half). Fusing without the first rounding would be
///   more exact but differs from the reference by up to 7 logit quanta (cosine 0.997);
/// - where a layer has no padding (1×1 convolutions, the classifier) the input zero point is folded
///   into the bias (`bias[c] − src_zp · Σ w[c]`, exact in int32); the 3×3 and 5×5 layers, whose
///   padding must read as the zero point, pass it to oneDNN as an attribute.
/// The classifier's float output is rounded and saturated to the logits' int8 range before it is
/// dequantized: skipping the reference's saturation would differ on artifacts calibrated on few
/// images.
struct OneDNNLayerRecipe {
    /// One link of the post-op chain.
    enum PostOp {
        case clip(low: Float, high: Float)
        /// Round to the nearest integer, ties to even.
        case round
        case scale(Float)
        /// `+ scale · (dst_old − zeroPoint)`, reading the old values as `type` (`undef`: the
        /// destination's type).
        case sum(scale: Float, zeroPoint: Int32, type: dnnl_data_type_t)
    }

    var sourceType: dnnl_data_type_t
    var weightType: dnnl_data_type_t
    var biasType: dnnl_data_type_t
    var destinationType: dnnl_data_type_t
    /// Per output channel; nil in FP32.
    var outputScales: [Float]?
    /// A zero point oneDNN applies to the input (only layers with padding).
    var sourceZeroPoint: Int32 = 0
    var destinationZeroPoint: Int32 = 0
    var postOps: [PostOp] = []
    /// The bias, as the bytes of `biasType` values.
    var bias: [UInt8]

    /// The FP32 recipe: float everything, ReLU6 as a clip to [0, 6], residuals as a plain sum.
    static func float(_ step: NetworkPlan.Step, bias: [Float]) -> OneDNNLayerRecipe {
        var recipe = OneDNNLayerRecipe(
            sourceType: dnnl_f32, weightType: dnnl_f32, biasType: dnnl_f32, destinationType: dnnl_f32, outputScales: nil,
            bias: bytes(of: bias))
        if step.relu6 { recipe.postOps.append(.clip(low: 0, high: 6)) }
        if step.residualSource != nil { recipe.postOps.append(.sum(scale: 1, zeroPoint: 0, type: dnnl_data_type_undef)) }
        return recipe
    }

    /// The INT8 recipe of `step`, which reads `input` (the pooled vector's parameters for the
    /// classifier) and, for a residual projection, adds the block input quantized as `block`.
    static func quantized(
        _ step: NetworkPlan.Step, layer: QuantizationSpec.Layer, input: QuantizationParameters, block: QuantizationParameters?,
        weights: QuantizedLayerWeights
    ) -> OneDNNLayerRecipe {
        let own = layer.output
        let hasPadding = step.padding != Padding(top: 0, left: 0, bottom: 0, right: 0)
        let source = OneDNNEncoding(input)
        var recipe = OneDNNLayerRecipe(
            sourceType: source.type, weightType: dnnl_s8, biasType: dnnl_s32, destinationType: dnnl_f32,
            outputScales: layer.weightScales.map { input.scale * $0 / own.scale },
            bias: bytes(of: hasPadding ? weights.bias : folded(weights, zeroPoint: source.zeroPoint, step.layer.operation)))
        recipe.sourceZeroPoint = hasPadding ? source.zeroPoint : 0
        // The classifier (inner product, no zero point support) stays in float, in units of the
        // logits' quantum; ``OneDNNGraph`` rounds and saturates like the reference.
        if step.poolsInput { return recipe }

        let zero = Float(own.zeroPoint)
        let (low, high) = step.relu6 ? (own.clampBound(0), own.clampBound(6)) : (-128, 127)
        if let block, step.residualSource != nil, let sum = layer.residualOutput {
            let stored = OneDNNEncoding(block)
            let destination = OneDNNEncoding(sum)
            recipe.destinationType = destination.type
            recipe.destinationZeroPoint = destination.zeroPoint
            // The reference's fixed-point factors, exact as floats (≤ 21-bit integers times a power of two).
            let (ownMultiplier, blockMultiplier, shift) = Int8Kernels.additionMultipliers(own, block, output: sum)
            let unit = Float(sign: .plus, exponent: -Int(shift), significand: 1)
            recipe.postOps = [
                .round, .clip(low: Float(low) - zero, high: Float(high) - zero), .scale(Float(ownMultiplier) * unit),
                .sum(
                    scale: Float(blockMultiplier) * unit, zeroPoint: stored.zeroPoint,
                    type: stored.type == destination.type ? dnnl_data_type_undef : stored.type),
            ]
        } else {
            let destination = OneDNNEncoding(own)
            recipe.destinationType = destination.type
            recipe.destinationZeroPoint = destination.zeroPoint
            if step.relu6 { recipe.postOps = [.clip(low: Float(low) - zero, high: Float(high) - zero)] }
        }
        return recipe
    }

    /// The parameters of the tensor this step leaves for the next one.
    static func outputParameters(_ step: NetworkPlan.Step, layer: QuantizationSpec.Layer) -> QuantizationParameters {
        step.residualSource != nil ? (layer.residualOutput ?? layer.output) : layer.output
    }

    /// The bias with the input zero point folded in: `bias[c] − zeroPoint · Σ w[c]`.
    private static func folded(_ weights: QuantizedLayerWeights, zeroPoint: Int32, _ operation: WeightLayout.Operation) -> [Int32] {
        var bias = weights.bias
        guard zeroPoint != 0, !bias.isEmpty else { return bias }
        let perChannel = weights.weight.count / bias.count
        if case .depthwise = operation {
            // [1, k, k, C]: channels innermost.
            for tap in 0..<perChannel {
                for channel in bias.indices { bias[channel] &-= zeroPoint &* Int32(weights.weight[tap * bias.count + channel]) }
            }
        } else {
            for channel in bias.indices {
                var total: Int32 = 0
                for index in (channel * perChannel)..<((channel + 1) * perChannel) { total &+= Int32(weights.weight[index]) }
                bias[channel] &-= zeroPoint &* total
            }
        }
        return bias
    }

    private static func bytes<Element>(of values: [Element]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }
}
