import CDNNL
import LiteArtifact

/// What one step computes on oneDNN, in the numbers oneDNN 2.x takes: data types, output scales,
/// zero points, post-ops and the bias.
///
/// oneDNN 2.x computes an int8 layer as
/// `dst = saturate(round(post_ops(output_scale[c] · (Σ (src − src_zp) · w + bias[c])) + dst_zp))`,
/// and the `sum` post-op adds `sum_scale · (dst_old − sum_zp)` in place. So for the artifact's
/// `qs8-qc8` scheme:
/// - `output_scale[c] = input_scale · weight_scale[c] / output_scale` (the bias is already in the
///   accumulator's scale `input_scale · weight_scale[c]`);
/// - ReLU6 is a clip to the quantized bounds of 0 and 6 minus the output zero point, exactly the
///   clamp of the integer reference;
/// - a residual add is fused into the projection: its output scale divides by the sum's scale, and
///   the `sum` post-op rescales the block input (`sum_scale = block_scale / sum_scale`,
///   `sum_zp = block_zero_point`). This rounds once where the integer reference (and XNNPACK)
///   round twice (projection output, then the addition), so results differ by design;
/// - where a layer has no padding (1×1 convolutions, the classifier) the input zero point is folded
///   into the bias (`bias[c] − src_zp · Σ w[c]`, exact in int32); the 3×3 and 5×5 layers, whose
///   padding must read as the zero point, pass it to oneDNN as an attribute.
/// The classifier writes float logits (`pooled_scale · weight_scale[c]` per channel) instead of
/// int8 logits that would then be dequantized: at most half a logit quantum from the reference.
struct OneDNNLayerRecipe {
    var sourceType: dnnl_data_type_t
    var weightType: dnnl_data_type_t
    var biasType: dnnl_data_type_t
    var destinationType: dnnl_data_type_t
    /// Per output channel; nil in FP32.
    var outputScales: [Float]?
    /// A zero point oneDNN applies to the input (only layers with padding).
    var sourceZeroPoint: Int32 = 0
    var destinationZeroPoint: Int32 = 0
    /// Clamp of the result before the destination zero point is added.
    var clip: (low: Float, high: Float)?
    /// Accumulate into the destination: `scale · (dst_old − zeroPoint)`.
    var sum: (scale: Float, zeroPoint: Int32)?
    /// The bias, as the bytes of `biasType` values.
    var bias: [UInt8]

    /// The FP32 recipe: float everything, ReLU6 as a clip to [0, 6], residuals as a plain sum.
    static func float(_ step: NetworkPlan.Step, bias: [Float]) -> OneDNNLayerRecipe {
        OneDNNLayerRecipe(
            sourceType: dnnl_f32, weightType: dnnl_f32, biasType: dnnl_f32, destinationType: dnnl_f32, outputScales: nil,
            clip: step.relu6 ? (0, 6) : nil, sum: step.residualSource == nil ? nil : (1, 0), bias: bytes(of: bias))
    }

    /// The INT8 recipe of `step`, which reads `input` (the pooled vector's parameters for the
    /// classifier) and, for a residual projection, adds the block input quantized as `block`.
    static func quantized(
        _ step: NetworkPlan.Step, layer: QuantizationSpec.Layer, input: QuantizationParameters, block: QuantizationParameters?,
        weights: QuantizedLayerWeights
    ) -> OneDNNLayerRecipe {
        let isClassifier = step.poolsInput
        let output = step.residualSource != nil ? (layer.residualOutput ?? layer.output) : layer.output
        let scales = layer.weightScales.map { isClassifier ? input.scale * $0 : input.scale * $0 / output.scale }
        let hasPadding = step.padding != Padding(top: 0, left: 0, bottom: 0, right: 0)
        var bias = weights.bias
        if !hasPadding && input.zeroPoint != 0 {
            let perChannel = weights.weight.count / bias.count
            if case .depthwise = step.layer.operation {
                for tap in 0..<perChannel {
                    for channel in bias.indices { bias[channel] &-= input.zeroPoint &* Int32(weights.weight[tap * bias.count + channel]) }
                }
            } else {
                for channel in bias.indices {
                    var total: Int32 = 0
                    for index in (channel * perChannel)..<((channel + 1) * perChannel) { total &+= Int32(weights.weight[index]) }
                    bias[channel] &-= input.zeroPoint &* total
                }
            }
        }
        var recipe = OneDNNLayerRecipe(
            sourceType: dnnl_s8, weightType: dnnl_s8, biasType: dnnl_s32, destinationType: isClassifier ? dnnl_f32 : dnnl_s8,
            outputScales: scales, bias: bytes(of: bias))
        recipe.sourceZeroPoint = hasPadding ? input.zeroPoint : 0
        if !isClassifier {
            recipe.destinationZeroPoint = output.zeroPoint
            if step.relu6 {
                let zero = Float(output.zeroPoint)
                recipe.clip = (Float(output.clampBound(0)) - zero, Float(output.clampBound(6)) - zero)
            }
            if let block, step.residualSource != nil {
                recipe.sum = (block.scale / output.scale, block.zeroPoint)
            }
        }
        return recipe
    }

    /// The parameters of the tensor this step leaves for the next one.
    static func outputParameters(_ step: NetworkPlan.Step, layer: QuantizationSpec.Layer) -> QuantizationParameters {
        step.residualSource != nil ? (layer.residualOutput ?? layer.output) : layer.output
    }

    private static func bytes<Element>(of values: [Element]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }
}
