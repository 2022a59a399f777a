import CDNNL
import LiteArtifact

/// Memory descriptors for the shapes of ``NetworkPlan`` (oneDNN orders dimensions N, C, H, W for
/// activations and O, I, H, W or G, O, I, H, W for weights, whatever the layout in memory).
enum OneDNNDescriptor {
    /// A batch-1 activation in NHWC.
    static func activation(_ shape: NetworkPlan.Shape, _ type: dnnl_data_type_t) throws(EngineError) -> dnnl_memory_desc_t {
        try tagged([1, shape.channels, shape.height, shape.width], type, dnnl_nhwc)
    }

    /// A `[1, count]` row vector (inner product input and output).
    static func row(_ count: Int, _ type: dnnl_data_type_t) throws(EngineError) -> dnnl_memory_desc_t {
        try tagged([1, count], type, dnnl_ab)
    }

    /// A plain vector (biases).
    static func vector(_ count: Int, _ type: dnnl_data_type_t) throws(EngineError) -> dnnl_memory_desc_t {
        try tagged([count], type, dnnl_a)
    }

    /// Let the primitive choose the layout (`format_tag::any`).
    static func any(_ dims: [Int], _ type: dnnl_data_type_t) throws(EngineError) -> dnnl_memory_desc_t {
        try tagged(dims, type, dnnl_format_tag_any)
    }

    /// The artifact's weight layout of `operation`, described by strides: OHWI for convolutions,
    /// `[1, k, k, C]` (channels innermost) for depthwise, `[out, in]` for fully connected.
    static func artifactWeights(_ operation: WeightLayout.Operation, _ type: dnnl_data_type_t) throws(EngineError) -> dnnl_memory_desc_t {
        switch operation {
        case .convolution(let kernel, _, let input, let output):
            return try strided([output, input, kernel, kernel], [kernel * kernel * input, 1, kernel * input, input], type)
        case .depthwise(let kernel, _, let channels):
            return try strided([channels, 1, 1, kernel, kernel], [1, channels, channels, kernel * channels, channels], type)
        case .fullyConnected(let input, let output):
            return try tagged([output, input], type, dnnl_ab)
        }
    }

    /// The dimensions oneDNN uses for the weights of `operation`.
    static func weightDims(_ operation: WeightLayout.Operation) -> [Int] {
        switch operation {
        case .convolution(let kernel, _, let input, let output): [output, input, kernel, kernel]
        case .depthwise(let kernel, _, let channels): [channels, 1, 1, kernel, kernel]
        case .fullyConnected(let input, let output): [output, input]
        }
    }

    private static func tagged(
        _ dims: [Int], _ type: dnnl_data_type_t, _ tag: dnnl_format_tag_t
    ) throws(EngineError) -> dnnl_memory_desc_t {
        var descriptor = dnnl_memory_desc_t()
        let dims = dims.map(Int64.init)
        try OneDNNStatus.check(
            dnnl_memory_desc_init_by_tag(&descriptor, Int32(dims.count), dims, type, tag), "dnnl_memory_desc_init_by_tag")
        return descriptor
    }

    private static func strided(_ dims: [Int], _ strides: [Int], _ type: dnnl_data_type_t) throws(EngineError) -> dnnl_memory_desc_t {
        var descriptor = dnnl_memory_desc_t()
        let dims = dims.map(Int64.init)
        let strides = strides.map(Int64.init)
        try OneDNNStatus.check(
            dnnl_memory_desc_init_by_strides(&descriptor, Int32(dims.count), dims, type, strides), "dnnl_memory_desc_init_by_strides")
        return descriptor
    }
}
