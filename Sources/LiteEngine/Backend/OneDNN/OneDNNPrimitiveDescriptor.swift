import CDNNL
import LiteArtifact

/// The primitive descriptor of one step: a direct convolution (grouped per channel for depthwise)
/// or, for the classifier, an inner product.
final class OneDNNPrimitiveDescriptor {
    let handle: dnnl_primitive_desc_t

    init(
        _ step: NetworkPlan.Step, source: inout dnnl_memory_desc_t, weights: inout dnnl_memory_desc_t, bias: inout dnnl_memory_desc_t,
        destination: inout dnnl_memory_desc_t, attributes: OneDNNAttributes, context: OneDNNContext
    ) throws(EngineError) {
        let name = step.layer.name
        switch step.layer.operation {
        case .convolution(_, let stride, _, _), .depthwise(_, let stride, _):
            var operation = dnnl_convolution_desc_t()
            let strides: [Int64] = [Int64(stride), Int64(stride)]
            let before: [Int64] = [Int64(step.padding.top), Int64(step.padding.left)]
            let after: [Int64] = [Int64(step.padding.bottom), Int64(step.padding.right)]
            try OneDNNStatus.check(
                dnnl_convolution_forward_desc_init(
                    &operation, dnnl_forward_inference, dnnl_convolution_direct, &source, &weights, &bias, &destination, strides,
                    before, after),
                "dnnl_convolution_forward_desc_init(\(name))")
            handle = try Self.create(&operation, attributes, context, name)
        case .fullyConnected:
            var operation = dnnl_inner_product_desc_t()
            try OneDNNStatus.check(
                dnnl_inner_product_forward_desc_init(&operation, dnnl_forward_inference, &source, &weights, &bias, &destination),
                "dnnl_inner_product_forward_desc_init(\(name))")
            handle = try Self.create(&operation, attributes, context, name)
        }
    }

    deinit {
        dnnl_primitive_desc_destroy(handle)
    }

    private static func create<Operation>(
        _ operation: inout Operation, _ attributes: OneDNNAttributes, _ context: OneDNNContext, _ name: String
    ) throws(EngineError) -> dnnl_primitive_desc_t {
        try withUnsafePointer(to: &operation) { pointer throws(EngineError) in
            try OneDNNStatus.create("dnnl_primitive_desc_create(\(name))") {
                dnnl_primitive_desc_create(&$0, UnsafeRawPointer(pointer), attributes.handle, context.engine, nil)
            }
        }
    }
}
