import CXNNPACK
import LiteArtifact
import TensorIO

extension XNNPACKGraphBuilder {
    /// Scale arrays that XNNPACK keeps pointers to until the runtime is created.
    final class ScaleStorage {
        private var arrays: [UnsafeMutableBufferPointer<Float>] = []

        func keep(_ values: [Float]) -> UnsafePointer<Float>? {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: values.count)
            _ = buffer.initialize(from: values)
            arrays.append(buffer)
            return UnsafePointer(buffer.baseAddress)
        }

        deinit {
            for buffer in arrays { buffer.deallocate() }
        }
    }

    /// Defines the INT8 network: float input converted once to int8, per-channel int8 (`qc8`)
    /// convolutions, int8 adds and pooling, the classifier as a 1×1 convolution, and the int8
    /// logits converted once to float.
    static func defineInt8(plan: NetworkPlan, file: SafeTensorsFile, quantization: QuantizationSpec, scales: ScaleStorage, in subgraph: xnn_subgraph_t) throws(EngineError) {
        let input = plan.inputShape
        let floatInput = try tensor(subgraph, dims: [1, input.height, input.width, input.channels], externalID: inputID, flags: UInt32(XNN_VALUE_FLAG_EXTERNAL_INPUT))
        var previous = try quantizedTensor(subgraph, dims: [1, input.height, input.width, input.channels], quantization.input)
        try XNNPACKLibrary.check(xnn_define_convert(subgraph, floatInput, previous, 0), "xnn_define_convert(input)")
        var previousParameters = quantization.input
        var outputs: [(id: UInt32, parameters: QuantizationParameters)] = []
        for step in plan.steps {
            let layer = try layerQuantization(quantization, step.layer.name)
            var inputID = previous
            var inputParameters = previousParameters
            var dims = [1, step.output.height, step.output.width, step.output.channels]
            if step.poolsInput, let pooled = layer.pooled {
                let pooledID = try quantizedTensor(subgraph, dims: [1, 1, 1, step.input.channels], pooled)
                try XNNPACKLibrary.check(
                    xnn_define_global_average_pooling_2d(subgraph, -.infinity, .infinity, previous, pooledID, 0),
                    "xnn_define_global_average_pooling_2d")
                inputID = pooledID
                inputParameters = pooled
                dims = [1, 1, 1, step.output.channels]
            }
            let isDepthwise: Bool = if case .depthwise = step.layer.operation { true } else { false }
            let weightDims = step.poolsInput ? [step.output.channels, 1, 1, step.input.channels] : step.layer.operation.weightShape
            let weight = try channelwiseTensor(
                subgraph, datatype: xnn_datatype_qcint8, scales: scales.keep(layer.weightScales),
                dims: weightDims, channelDimension: isDepthwise ? 3 : 0, data: try bytes(file, step.layer.weightName))
            let biasScales = layer.weightScales.map { inputParameters.scale * $0 }
            let bias = try channelwiseTensor(
                subgraph, datatype: xnn_datatype_qcint32, scales: scales.keep(biasScales),
                dims: [step.output.channels], channelDimension: 0, data: try bytes(file, step.layer.biasName))
            let output = try quantizedTensor(subgraph, dims: dims, layer.output)
            let (low, high): (Float, Float) = step.relu6 ? (0, 6) : (-.infinity, .infinity)
            let p = step.padding
            switch step.layer.operation {
            case .depthwise(let kernel, let stride, let channels):
                try XNNPACKLibrary.check(
                    xnn_define_depthwise_convolution_2d(
                        subgraph, UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left),
                        UInt32(kernel), UInt32(kernel), UInt32(stride), UInt32(stride), 1, 1, 1,
                        channels, low, high, inputID, weight, bias, output, 0),
                    "xnn_define_depthwise_convolution_2d(\(step.layer.name))")
            case .convolution(let kernel, let stride, let inputChannels, let outputChannels):
                try XNNPACKLibrary.check(
                    xnn_define_convolution_2d(
                        subgraph, UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left),
                        UInt32(kernel), UInt32(kernel), UInt32(stride), UInt32(stride), 1, 1, 1,
                        inputChannels, outputChannels, low, high, inputID, weight, bias, output, 0),
                    "xnn_define_convolution_2d(\(step.layer.name))")
            case .fullyConnected(let inputChannels, let outputChannels):
                try XNNPACKLibrary.check(
                    xnn_define_convolution_2d(
                        subgraph, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1,
                        inputChannels, outputChannels, low, high, inputID, weight, bias, output, 0),
                    "xnn_define_convolution_2d(\(step.layer.name))")
            }
            previous = output
            previousParameters = layer.output
            if let source = step.residualSource, let residual = layer.residualOutput {
                let sum = try quantizedTensor(subgraph, dims: dims, residual)
                try XNNPACKLibrary.check(
                    xnn_define_add2(subgraph, -.infinity, .infinity, output, outputs[source].id, sum, 0),
                    "xnn_define_add2(\(step.layer.name))")
                previous = sum
                previousParameters = residual
            }
            outputs.append((previous, previousParameters))
        }
        let logits = try tensor(subgraph, dims: [1, 1, 1, plan.outputCount], externalID: outputID, flags: UInt32(XNN_VALUE_FLAG_EXTERNAL_OUTPUT))
        try XNNPACKLibrary.check(xnn_define_convert(subgraph, previous, logits, 0), "xnn_define_convert(logits)")
    }

    private static func layerQuantization(_ quantization: QuantizationSpec, _ name: String) throws(EngineError) -> QuantizationSpec.Layer {
        do {
            return try quantization.layer(name)
        } catch {
            throw EngineError(error.description)
        }
    }

    private static func quantizedTensor(_ subgraph: xnn_subgraph_t, dims: [Int], _ parameters: QuantizationParameters) throws(EngineError) -> UInt32 {
        var id: UInt32 = XNN_INVALID_VALUE_ID
        try XNNPACKLibrary.check(
            xnn_define_quantized_tensor_value(subgraph, xnn_datatype_qint8, parameters.zeroPoint, parameters.scale, dims.count, dims, nil, XNN_INVALID_VALUE_ID, 0, &id),
            "xnn_define_quantized_tensor_value")
        return id
    }

    private static func channelwiseTensor(
        _ subgraph: xnn_subgraph_t, datatype: xnn_datatype, scales: UnsafePointer<Float>?, dims: [Int], channelDimension: Int, data: UnsafeRawPointer
    ) throws(EngineError) -> UInt32 {
        var id: UInt32 = XNN_INVALID_VALUE_ID
        try XNNPACKLibrary.check(
            xnn_define_channelwise_quantized_tensor_value(subgraph, datatype, scales, dims.count, channelDimension, dims, data, XNN_INVALID_VALUE_ID, 0, &id),
            "xnn_define_channelwise_quantized_tensor_value")
        return id
    }

    private static func bytes(_ file: SafeTensorsFile, _ name: String) throws(EngineError) -> UnsafeRawPointer {
        do {
            guard let base = try file.unsafeBytes(of: name).baseAddress else { throw EngineError("tensor '\(name)' is empty") }
            return base
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError("\(error)")
        }
    }
}
