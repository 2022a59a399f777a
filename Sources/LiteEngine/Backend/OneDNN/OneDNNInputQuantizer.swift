import CDNNL
import LiteArtifact

/// Quantizes the float input into the first activation buffer with one oneDNN reorder
/// (`round_half_even(x · 1/scale) + zero_point`, saturated; vectorized, unlike a Swift loop that
/// calls `rintf` per element). The input scale of the artifacts is a power of two (1/128), so
/// multiplying by its inverse equals the reference's division exactly.
final class OneDNNInputQuantizer {
    private let context: OneDNNContext
    private let primitive: dnnl_primitive_t
    private let source: OneDNNMemory
    private let destination: OneDNNMemory

    init(shape: NetworkPlan.Shape, parameters: QuantizationParameters, into buffer: UnsafeMutableRawPointer, context: OneDNNContext) throws(EngineError) {
        self.context = context
        let encoding = OneDNNEncoding(parameters)
        var sourceDescriptor = try OneDNNDescriptor.activation(shape, dnnl_f32)
        var destinationDescriptor = try OneDNNDescriptor.activation(shape, encoding.type)
        source = try OneDNNMemory(&sourceDescriptor, context: context, data: buffer)
        destination = try OneDNNMemory(&destinationDescriptor, context: context, data: buffer)
        let attributes: dnnl_primitive_attr_t = try OneDNNStatus.create("dnnl_primitive_attr_create") { dnnl_primitive_attr_create(&$0) }
        defer { dnnl_primitive_attr_destroy(attributes) }
        var scale = 1 / parameters.scale
        try OneDNNStatus.check(dnnl_primitive_attr_set_output_scales(attributes, 1, 0, &scale), "input reorder scale")
        if encoding.zeroPoint != 0 {
            var zeroPoint = encoding.zeroPoint
            try OneDNNStatus.check(dnnl_primitive_attr_set_zero_points(attributes, DNNL_ARG_DST, 1, 0, &zeroPoint), "input reorder zero point")
        }
        let descriptor: dnnl_primitive_desc_t = try OneDNNStatus.create("dnnl_reorder_primitive_desc_create(input)") {
            dnnl_reorder_primitive_desc_create(&$0, &sourceDescriptor, context.engine, &destinationDescriptor, context.engine, attributes)
        }
        defer { dnnl_primitive_desc_destroy(descriptor) }
        primitive = try OneDNNStatus.create("dnnl_primitive_create(input reorder)") { dnnl_primitive_create(&$0, descriptor) }
    }

    deinit {
        dnnl_primitive_destroy(primitive)
    }

    /// Quantizes `input` (as many floats as the shape holds) into the buffer.
    func run(_ input: [Float]) throws(EngineError) {
        try input.withUnsafeBufferPointer { values throws(EngineError) in
            try OneDNNStatus.check(
                dnnl_memory_set_data_handle(source.handle, UnsafeMutableRawPointer(mutating: values.baseAddress)), "set input handle")
            let arguments = [
                dnnl_exec_arg_t(arg: DNNL_ARG_FROM, memory: source.handle),
                dnnl_exec_arg_t(arg: DNNL_ARG_TO, memory: destination.handle),
            ]
            try context.execute(primitive, arguments, "input reorder")
        }
    }
}
