import CXNNPACK
import LiteArtifact

extension OperatorProfiler {
    /// Times the engine's signed operators (`qc8` convolutions with per-channel weights, `qs8`
    /// add and pooling) and, for comparison, the same convolutions as unsigned `qu8` operators
    /// (per-tensor weights, synthetic values) in `LayerProfile/alternativeMilliseconds`.
    static func profileInt8(
        plan: NetworkPlan, artifact: Artifact, quantization: QuantizationSpec, timer: Timer
    ) throws(EngineError) -> [LayerProfile] {
        let threadpool = timer.threadpool
        var profiles: [LayerProfile] = []
        var current = quantization.input
        var stepOutputs: [QuantizationParameters] = []
        for step in plan.steps {
            let layer: QuantizationSpec.Layer
            do { layer = try quantization.layer(step.layer.name) } catch { throw EngineError(error.description) }
            let weight = try tensor(artifact, step.layer.weightName, as: Int8.self)
            let bias = try tensor(artifact, step.layer.biasName, as: Int32.self)
            var input = current
            var inputShape = step.input
            let source = Buffer<Int8>(count: step.input.elementCount, value: 3)
            var convolutionInput = source
            if let pooled = layer.pooled {
                let pooledBuffer = Buffer<Int8>(count: step.input.channels, value: 0)
                var pool: xnn_operator_t?
                let status = xnn_create_global_average_pooling_nwc_qs8(
                    step.input.channels, step.input.channels, step.input.channels, Int8(current.zeroPoint), current.scale,
                    Int8(pooled.zeroPoint), pooled.scale, -128, 127, 0, &pool)
                let time = try timer.time(status, pool, "pool") { pool in
                    xnn_setup_global_average_pooling_nwc_qs8(
                        pool, 1, step.input.height * step.input.width, source.pointer, pooledBuffer.pointer, threadpool)
                }
                profiles.append(
                    LayerProfile(
                        name: "pool", kind: "pool", output: "1×1×\(step.input.channels)", multiplyAccumulates: 0, milliseconds: time))
                input = pooled
                inputShape = NetworkPlan.Shape(height: 1, width: 1, channels: step.input.channels)
                convolutionInput = pooledBuffer
            }
            let output = Buffer<Int8>(count: step.output.elementCount, value: 0)
            let low = step.relu6 ? layer.output.clampBound(0) : -128
            let high = step.relu6 ? layer.output.clampBound(6) : 127
            let p = step.padding
            let (kernel, stride, groups, groupInput, groupOutput, flags, kind): (Int, Int, Int, Int, Int, UInt32, String) =
                switch step.layer.operation {
                case .convolution(let kernel, let stride, let inputChannels, let outputChannels):
                    (kernel, stride, 1, inputChannels, outputChannels, 0, "conv")
                case .depthwise(let kernel, let stride, let channels):
                    (kernel, stride, channels, 1, 1, UInt32(XNN_FLAG_DEPTHWISE_CONVOLUTION), "depthwise")
                case .fullyConnected(let inputChannels, let outputChannels): (1, 1, 1, inputChannels, outputChannels, 0, "fc")
                }
            let stride8 = groups * groupInput
            let outStride = groups * groupOutput
            var op: xnn_operator_t?
            let status = layer.weightScales.withUnsafeBufferPointer { scales in
                xnn_create_convolution2d_nhwc_qc8(
                    UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left), UInt32(kernel), UInt32(kernel),
                    UInt32(stride), UInt32(stride), 1, 1, UInt32(groups), groupInput, groupOutput, stride8, outStride,
                    Int8(input.zeroPoint), input.scale, scales.baseAddress, weight, bias,
                    Int8(layer.output.zeroPoint), layer.output.scale, Int8(low), Int8(high), flags, &op)
            }
            let time = try timer.time(status, op, step.layer.name) { op in
                xnn_setup_convolution2d_nhwc_qc8(
                    op, 1, inputShape.height, inputShape.width, convolutionInput.pointer, output.pointer, threadpool)
            }
            let unsignedWeights = Buffer<UInt8>(count: step.layer.operation.weightShape.reduce(1, *), value: 131)
            let unsignedInput = Buffer<UInt8>(count: inputShape.elementCount, value: 131)
            let unsignedOutput = Buffer<UInt8>(count: step.output.elementCount, value: 0)
            var unsignedOp: xnn_operator_t?
            let unsignedStatus = xnn_create_convolution2d_nhwc_qu8(
                UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left), UInt32(kernel), UInt32(kernel),
                UInt32(stride), UInt32(stride), 1, 1, UInt32(groups), groupInput, groupOutput, stride8, outStride,
                128, input.scale, 128, layer.weightScales.max() ?? 1, unsignedWeights.pointer, bias,
                128, layer.output.scale, 0, 255, flags, &unsignedOp)
            let unsignedTime = try timer.time(unsignedStatus, unsignedOp, step.layer.name + " (qu8)") { op in
                xnn_setup_convolution2d_nhwc_qu8(
                    op, 1, inputShape.height, inputShape.width, unsignedInput.pointer, unsignedOutput.pointer, threadpool)
            }
            profiles.append(
                LayerProfile(
                    name: step.layer.name, kind: kind, output: label(step.output), multiplyAccumulates: multiplyAccumulates(step),
                    milliseconds: time, alternativeMilliseconds: unsignedTime))
            current = layer.output
            if let residual = layer.residualOutput, let sourceStep = step.residualSource {
                let blockInput = stepOutputs[sourceStep]
                var add: xnn_operator_t?
                let sum = Buffer<Int8>(count: step.output.elementCount, value: 0)
                let dims = [1, step.output.height, step.output.width, step.output.channels]
                let status = xnn_create_add_nd_qs8(
                    Int8(layer.output.zeroPoint), layer.output.scale, Int8(blockInput.zeroPoint), blockInput.scale,
                    Int8(residual.zeroPoint), residual.scale, -128, 127, 0, &add)
                let addTime = try timer.time(status, add, "add") { add in
                    xnn_setup_add_nd_qs8(add, 4, dims, 4, dims, output.pointer, source.pointer, sum.pointer, threadpool)
                }
                profiles.append(
                    LayerProfile(
                        name: step.layer.name + "+add", kind: "add", output: label(step.output), multiplyAccumulates: 0,
                        milliseconds: addTime))
                current = residual
            }
            stepOutputs.append(current)
        }
        return profiles
    }
}
