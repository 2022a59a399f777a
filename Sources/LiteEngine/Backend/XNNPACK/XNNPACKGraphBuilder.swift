import CXNNPACK
import LiteArtifact
import TensorIO

/// Translates a ``NetworkPlan`` into an XNNPACK subgraph.
enum XNNPACKGraphBuilder {
    static let inputID: UInt32 = 0
    static let outputID: UInt32 = 1

    /// Defines every value and node of `plan`, with static weights pointing into `file`'s map.
    static func makeSubgraph(plan: NetworkPlan, file: SafeTensorsFile) throws(EngineError) -> xnn_subgraph_t {
        try makeSubgraph { subgraph throws(EngineError) in try define(plan: plan, file: file, in: subgraph) }
    }

    /// Creates a subgraph with the two external values and lets `define` fill it.
    static func makeSubgraph(_ define: (xnn_subgraph_t) throws(EngineError) -> Void) throws(EngineError) -> xnn_subgraph_t {
        var created: xnn_subgraph_t?
        try XNNPACKLibrary.check(xnn_create_subgraph(2, 0, &created), "xnn_create_subgraph")
        guard let subgraph = created else { throw EngineError("XNNPACK returned no subgraph") }
        do throws(EngineError) {
            try define(subgraph)
        } catch {
            xnn_delete_subgraph(subgraph)
            throw error
        }
        return subgraph
    }

    private static func define(plan: NetworkPlan, file: SafeTensorsFile, in subgraph: xnn_subgraph_t) throws(EngineError) {
        let input = plan.inputShape
        var previous = try tensor(subgraph, dims: [1, input.height, input.width, input.channels], externalID: inputID, flags: UInt32(XNN_VALUE_FLAG_EXTERNAL_INPUT))
        var outputs: [UInt32] = []
        for (index, step) in plan.steps.enumerated() {
            let isLast = index == plan.steps.count - 1
            let weight = try staticTensor(subgraph, file: file, name: step.layer.weightName, dims: step.layer.operation.weightShape)
            let bias = try staticTensor(subgraph, file: file, name: step.layer.biasName, dims: [step.layer.operation.outputChannels])
            let outputDims = step.poolsInput ? [1, step.output.channels] : [1, step.output.height, step.output.width, step.output.channels]
            let output = isLast
                ? try tensor(subgraph, dims: outputDims, externalID: outputID, flags: UInt32(XNN_VALUE_FLAG_EXTERNAL_OUTPUT))
                : try tensor(subgraph, dims: outputDims)
            let (low, high): (Float, Float) = step.relu6 ? (0, 6) : (-.infinity, .infinity)
            let p = step.padding
            switch step.layer.operation {
            case .convolution(let kernel, let stride, let inputChannels, let outputChannels):
                let convolved = step.residualSource == nil ? output : try tensor(subgraph, dims: outputDims)
                try XNNPACKLibrary.check(
                    xnn_define_convolution_2d(
                        subgraph, UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left),
                        UInt32(kernel), UInt32(kernel), UInt32(stride), UInt32(stride), 1, 1, 1,
                        inputChannels, outputChannels, low, high, previous, weight, bias, convolved, 0),
                    "xnn_define_convolution_2d(\(step.layer.name))")
                if let source = step.residualSource {
                    try XNNPACKLibrary.check(
                        xnn_define_add2(subgraph, -.infinity, .infinity, convolved, outputs[source], output, 0),
                        "xnn_define_add2(\(step.layer.name))")
                }
            case .depthwise(let kernel, let stride, let channels):
                try XNNPACKLibrary.check(
                    xnn_define_depthwise_convolution_2d(
                        subgraph, UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left),
                        UInt32(kernel), UInt32(kernel), UInt32(stride), UInt32(stride), 1, 1, 1,
                        channels, low, high, previous, weight, bias, output, 0),
                    "xnn_define_depthwise_convolution_2d(\(step.layer.name))")
            case .fullyConnected:
                let pooled = try tensor(subgraph, dims: [1, 1, 1, step.input.channels])
                try XNNPACKLibrary.check(
                    xnn_define_global_average_pooling_2d(subgraph, -.infinity, .infinity, previous, pooled, 0),
                    "xnn_define_global_average_pooling_2d")
                try XNNPACKLibrary.check(
                    xnn_define_fully_connected(subgraph, low, high, pooled, weight, bias, output, 0),
                    "xnn_define_fully_connected(\(step.layer.name))")
            }
            outputs.append(output)
            previous = output
        }
    }

    static func tensor(
        _ subgraph: xnn_subgraph_t, dims: [Int], data: UnsafeRawPointer? = nil,
        externalID: UInt32 = XNN_INVALID_VALUE_ID, flags: UInt32 = 0
    ) throws(EngineError) -> UInt32 {
        var id: UInt32 = XNN_INVALID_VALUE_ID
        try XNNPACKLibrary.check(
            xnn_define_tensor_value(subgraph, xnn_datatype_fp32, dims.count, dims, data, externalID, flags, &id),
            "xnn_define_tensor_value")
        return id
    }

    static func staticTensor(_ subgraph: xnn_subgraph_t, file: SafeTensorsFile, name: String, dims: [Int]) throws(EngineError) -> UInt32 {
        let bytes: UnsafeRawBufferPointer
        do {
            bytes = try file.unsafeBytes(of: name)
        } catch {
            throw EngineError(error.description)
        }
        guard bytes.count == dims.reduce(4, *), let base = bytes.baseAddress else {
            throw EngineError("tensor '\(name)' does not have shape \(dims)")
        }
        return try tensor(subgraph, dims: dims, data: base)
    }
}
