import CXNNPACK
import LiteArtifact

extension OperatorProfiler {
    static func profileFloat(plan: NetworkPlan, artifact: Artifact, timer: Timer) throws(EngineError) -> [LayerProfile] {
        let threadpool = timer.threadpool
        var profiles: [LayerProfile] = []
        for step in plan.steps {
            let weight = try tensor(artifact, step.layer.weightName, as: Float.self)
            let bias = try tensor(artifact, step.layer.biasName, as: Float.self)
            let input = Buffer<Float>(count: step.input.elementCount, value: 0.5)
            let output = Buffer<Float>(count: step.output.elementCount, value: 0)
            let (low, high): (Float, Float) = step.relu6 ? (0, 6) : (-.infinity, .infinity)
            let p = step.padding
            var op: xnn_operator_t?
            let kind: String
            let status: xnn_status
            switch step.layer.operation {
            case .convolution(let kernel, let stride, let inputChannels, let outputChannels):
                kind = "conv"
                status = xnn_create_convolution2d_nhwc_f32(
                    UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left), UInt32(kernel), UInt32(kernel),
                    UInt32(stride), UInt32(stride), 1, 1, 1, inputChannels, outputChannels, inputChannels, outputChannels,
                    weight, bias, low, high, 0, &op)
            case .depthwise(let kernel, let stride, let channels):
                kind = "depthwise"
                status = xnn_create_convolution2d_nhwc_f32(
                    UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left), UInt32(kernel), UInt32(kernel),
                    UInt32(stride), UInt32(stride), 1, 1, UInt32(channels), 1, 1, channels, channels,
                    weight, bias, low, high, UInt32(XNN_FLAG_DEPTHWISE_CONVOLUTION), &op)
            case .fullyConnected(let inputChannels, let outputChannels):
                let pooled = Buffer<Float>(count: inputChannels, value: 0)
                var pool: xnn_operator_t?
                let poolStatus = xnn_create_global_average_pooling_nwc_f32(
                    inputChannels, inputChannels, inputChannels, -.infinity, .infinity, 0, &pool)
                let poolTime = try timer.time(poolStatus, pool, "pool") { pool in
                    xnn_setup_global_average_pooling_nwc_f32(
                        pool, 1, step.input.height * step.input.width, input.pointer, pooled.pointer, threadpool)
                }
                profiles.append(
                    LayerProfile(
                        name: "pool", kind: "pool", output: "1×1×\(inputChannels)", multiplyAccumulates: 0, milliseconds: poolTime)
                )
                let fcStatus = xnn_create_fully_connected_nc_f32(
                    inputChannels, outputChannels, inputChannels, outputChannels, weight, bias, low, high, 0, &op)
                let time = try timer.time(fcStatus, op, step.layer.name) { op in
                    xnn_setup_fully_connected_nc_f32(op, 1, pooled.pointer, output.pointer, threadpool)
                }
                profiles.append(
                    LayerProfile(
                        name: step.layer.name, kind: "fc", output: label(step.output), multiplyAccumulates: multiplyAccumulates(step),
                        milliseconds: time))
                continue
            }
            let time = try timer.time(status, op, step.layer.name) { op in
                xnn_setup_convolution2d_nhwc_f32(op, 1, step.input.height, step.input.width, input.pointer, output.pointer, threadpool)
            }
            profiles.append(
                LayerProfile(
                    name: step.layer.name, kind: kind, output: label(step.output), multiplyAccumulates: multiplyAccumulates(step),
                    milliseconds: time))
            if step.residualSource != nil {
                var add: xnn_operator_t?
                let other = Buffer<Float>(count: step.output.elementCount, value: 1)
                let sum = Buffer<Float>(count: step.output.elementCount, value: 0)
                let dims = [1, step.output.height, step.output.width, step.output.channels]
                let addTime = try timer.time(xnn_create_add_nd_f32(-.infinity, .infinity, 0, &add), add, "add") { add in
                    xnn_setup_add_nd_f32(add, 4, dims, 4, dims, output.pointer, other.pointer, sum.pointer, threadpool)
                }
                profiles.append(
                    LayerProfile(
                        name: step.layer.name + "+add", kind: "add", output: label(step.output), multiplyAccumulates: 0,
                        milliseconds: addTime))
            }
        }
        return profiles
    }
}
