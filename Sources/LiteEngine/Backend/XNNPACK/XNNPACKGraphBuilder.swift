import CXNNPACK
import LiteArtifact
import TensorIO

/// Translates a ``NetworkPlan`` into an XNNPACK subgraph, in float or, for INT8 artifacts, with
/// signed 8-bit values (see ``XNNPACKValueFactory``): the same nodes either way.
enum XNNPACKGraphBuilder {
    static let inputID: UInt32 = 0
    static let outputID: UInt32 = 1

    /// Creates the subgraph of `plan` with static weights pointing into `file`'s map.
    static func makeSubgraph(
        plan: NetworkPlan, file: SafeTensorsFile, quantization: QuantizationSpec?, scales: XNNPACKValueFactory.ScaleStorage
    ) throws(EngineError) -> xnn_subgraph_t {
        var created: xnn_subgraph_t?
        try XNNPACKLibrary.check(xnn_create_subgraph(2, 0, &created), "xnn_create_subgraph")
        guard let subgraph = created else { throw EngineError("XNNPACK returned no subgraph") }
        do throws(EngineError) {
            let values = XNNPACKValueFactory(subgraph: subgraph, file: file, quantization: quantization, scales: scales)
            try define(plan: plan, values: values, in: subgraph)
        } catch {
            xnn_delete_subgraph(subgraph)
            throw error
        }
        return subgraph
    }

    private static func define(plan: NetworkPlan, values: XNNPACKValueFactory, in subgraph: xnn_subgraph_t) throws(EngineError) {
        var (previous, previousParameters) = try values.input(plan.inputShape)
        var outputs: [UInt32] = []
        for (index, step) in plan.steps.enumerated() {
            let layer = try values.layer(step.layer.name)
            let isLast = index == plan.steps.count - 1
            var input = previous
            var inputParameters = previousParameters
            if step.poolsInput {
                let pooled = try values.activation(dims: [1, 1, 1, step.input.channels], layer?.pooled)
                try XNNPACKLibrary.check(
                    xnn_define_global_average_pooling_2d(subgraph, -.infinity, .infinity, previous, pooled, 0),
                    "xnn_define_global_average_pooling_2d")
                input = pooled
                inputParameters = layer?.pooled
            }
            let weight = try values.weight(step, scales: layer?.weightScales)
            let bias = try values.bias(step, inputScale: inputParameters?.scale, weightScales: layer?.weightScales)
            let dims = [1, step.output.height, step.output.width, step.output.channels]
            let output =
                isLast && !values.isQuantized
                ? try values.output(dims: dims)
                : try values.activation(dims: dims, layer?.output)
            try defineLayer(step, input: input, weight: weight, bias: bias, output: output, in: subgraph)
            previous = output
            previousParameters = layer?.output
            if let source = step.residualSource {
                let sum = try values.activation(dims: dims, layer?.residualOutput)
                try XNNPACKLibrary.check(
                    xnn_define_add2(subgraph, -.infinity, .infinity, output, outputs[source], sum, 0),
                    "xnn_define_add2(\(step.layer.name))")
                previous = sum
                previousParameters = layer?.residualOutput
            }
            outputs.append(previous)
        }
        if values.isQuantized {
            let logits = try values.output(dims: [1, 1, 1, plan.outputCount])
            try XNNPACKLibrary.check(xnn_define_convert(subgraph, previous, logits, 0), "xnn_define_convert(logits)")
        }
    }

    /// One convolution node; the classifier is a 1×1 convolution on the pooled 1×1×C map.
    private static func defineLayer(
        _ step: NetworkPlan.Step, input: UInt32, weight: UInt32, bias: UInt32, output: UInt32, in subgraph: xnn_subgraph_t
    ) throws(EngineError) {
        let (low, high): (Float, Float) = step.relu6 ? (0, 6) : (-.infinity, .infinity)
        let p = step.padding
        let status: xnn_status
        switch step.layer.operation {
        case .convolution(let kernel, let stride, let inputChannels, let outputChannels):
            status = xnn_define_convolution_2d(
                subgraph, UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left),
                UInt32(kernel), UInt32(kernel), UInt32(stride), UInt32(stride), 1, 1, 1,
                inputChannels, outputChannels, low, high, input, weight, bias, output, 0)
        case .depthwise(let kernel, let stride, let channels):
            status = xnn_define_depthwise_convolution_2d(
                subgraph, UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left),
                UInt32(kernel), UInt32(kernel), UInt32(stride), UInt32(stride), 1, 1, 1,
                channels, low, high, input, weight, bias, output, 0)
        case .fullyConnected(let inputChannels, let outputChannels):
            status = xnn_define_convolution_2d(
                subgraph, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1,
                inputChannels, outputChannels, low, high, input, weight, bias, output, 0)
        }
        try XNNPACKLibrary.check(status, "define \(step.layer.name)")
    }
}
