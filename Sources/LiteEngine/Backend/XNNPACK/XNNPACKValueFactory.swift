import CXNNPACK
import LiteArtifact
import TensorIO

/// Defines the values of a subgraph: float tensors for FP32 artifacts; for INT8 artifacts signed
/// 8-bit activations, per-channel int8 weights and int32 biases, with the float input converted
/// once and only the logits converted back.
struct XNNPACKValueFactory {
    /// Scale arrays that XNNPACK keeps pointers to while it builds the runtime.
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

    let subgraph: xnn_subgraph_t
    let file: SafeTensorsFile
    let quantization: QuantizationSpec?
    let scales: ScaleStorage

    var isQuantized: Bool { quantization != nil }

    /// The quantization of layer `name` (nil for FP32).
    func layer(_ name: String) throws(EngineError) -> QuantizationSpec.Layer? {
        guard let quantization else { return nil }
        do {
            return try quantization.layer(name)
        } catch {
            throw EngineError(error.description)
        }
    }

    /// The external float input, converted to int8 for INT8 networks.
    func input(_ shape: NetworkPlan.Shape) throws(EngineError) -> (UInt32, QuantizationParameters?) {
        let dims = [1, shape.height, shape.width, shape.channels]
        let external = try define(
            xnn_datatype_fp32, dims: dims, externalID: XNNPACKGraphBuilder.inputID, flags: UInt32(XNN_VALUE_FLAG_EXTERNAL_INPUT))
        guard let parameters = quantization?.input else { return (external, nil) }
        let quantized = try activation(dims: dims, parameters)
        try XNNPACKLibrary.check(xnn_define_convert(subgraph, external, quantized, 0), "xnn_define_convert(input)")
        return (quantized, parameters)
    }

    /// The external float output.
    func output(dims: [Int]) throws(EngineError) -> UInt32 {
        try define(xnn_datatype_fp32, dims: dims, externalID: XNNPACKGraphBuilder.outputID, flags: UInt32(XNN_VALUE_FLAG_EXTERNAL_OUTPUT))
    }

    /// An internal activation: float, or int8 with `parameters`.
    func activation(dims: [Int], _ parameters: QuantizationParameters?) throws(EngineError) -> UInt32 {
        guard isQuantized else { return try define(xnn_datatype_fp32, dims: dims) }
        guard let parameters else { throw EngineError("an int8 activation has no quantization parameters") }
        var id: UInt32 = XNN_INVALID_VALUE_ID
        try XNNPACKLibrary.check(
            xnn_define_quantized_tensor_value(
                subgraph, xnn_datatype_qint8, parameters.zeroPoint, parameters.scale, dims.count, dims, nil, XNN_INVALID_VALUE_ID, 0, &id),
            "xnn_define_quantized_tensor_value")
        return id
    }

    /// The static weights of `step` (the classifier's as a 1×1 convolution filter).
    func weight(_ step: NetworkPlan.Step, scales weightScales: [Float]?) throws(EngineError) -> UInt32 {
        let dims = step.poolsInput ? [step.output.channels, 1, 1, step.input.channels] : step.layer.operation.weightShape
        let data = try file.weightBytes(step.layer.weightName)
        guard let weightScales else { return try define(xnn_datatype_fp32, dims: dims, data: data) }
        let isDepthwise: Bool = if case .depthwise = step.layer.operation { true } else { false }
        return try channelwise(xnn_datatype_qcint8, scales: weightScales, dims: dims, channelDimension: isDepthwise ? 3 : 0, data: data)
    }

    /// The static bias of `step`; int32 with scale `input_scale · weight_scale[c]` for INT8.
    func bias(_ step: NetworkPlan.Step, inputScale: Float?, weightScales: [Float]?) throws(EngineError) -> UInt32 {
        let dims = [step.output.channels]
        let data = try file.weightBytes(step.layer.biasName)
        guard let inputScale, let weightScales else { return try define(xnn_datatype_fp32, dims: dims, data: data) }
        return try channelwise(
            xnn_datatype_qcint32, scales: weightScales.map { inputScale * $0 }, dims: dims, channelDimension: 0, data: data)
    }

    private func define(
        _ datatype: xnn_datatype, dims: [Int], data: UnsafeRawPointer? = nil, externalID: UInt32 = XNN_INVALID_VALUE_ID, flags: UInt32 = 0
    ) throws(EngineError) -> UInt32 {
        var id: UInt32 = XNN_INVALID_VALUE_ID
        try XNNPACKLibrary.check(
            xnn_define_tensor_value(subgraph, datatype, dims.count, dims, data, externalID, flags, &id), "xnn_define_tensor_value")
        return id
    }

    private func channelwise(
        _ datatype: xnn_datatype, scales values: [Float], dims: [Int], channelDimension: Int, data: UnsafeRawPointer
    ) throws(EngineError) -> UInt32 {
        var id: UInt32 = XNN_INVALID_VALUE_ID
        try XNNPACKLibrary.check(
            xnn_define_channelwise_quantized_tensor_value(
                subgraph, datatype, scales.keep(values), dims.count, channelDimension, dims, data, XNN_INVALID_VALUE_ID, 0, &id),
            "xnn_define_channelwise_quantized_tensor_value")
        return id
    }
}
