import CDNNL

/// The primitive attributes of a ``OneDNNLayerRecipe``: output scales, zero points and the
/// post-op chain.
final class OneDNNAttributes {
    let handle: dnnl_primitive_attr_t

    init(_ recipe: OneDNNLayerRecipe) throws(EngineError) {
        handle = try OneDNNStatus.create("dnnl_primitive_attr_create") { dnnl_primitive_attr_create(&$0) }
        try configure(recipe)
    }

    deinit {
        dnnl_primitive_attr_destroy(handle)
    }

    private func configure(_ recipe: OneDNNLayerRecipe) throws(EngineError) {
        if let scales = recipe.outputScales {
            // One scale per output channel: dimension 1 of the destination (N, C, …).
            try OneDNNStatus.check(
                dnnl_primitive_attr_set_output_scales(handle, Int64(scales.count), 1 << 1, scales), "dnnl_primitive_attr_set_output_scales")
        }
        if recipe.sourceZeroPoint != 0 {
            var zeroPoint = recipe.sourceZeroPoint
            try OneDNNStatus.check(dnnl_primitive_attr_set_zero_points(handle, DNNL_ARG_SRC, 1, 0, &zeroPoint), "set source zero point")
        }
        if recipe.destinationZeroPoint != 0 {
            var zeroPoint = recipe.destinationZeroPoint
            try OneDNNStatus.check(
                dnnl_primitive_attr_set_zero_points(handle, DNNL_ARG_DST, 1, 0, &zeroPoint), "set destination zero point")
        }
        guard !recipe.postOps.isEmpty else { return }
        let postOps: dnnl_post_ops_t = try OneDNNStatus.create("dnnl_post_ops_create") { dnnl_post_ops_create(&$0) }
        defer { dnnl_post_ops_destroy(postOps) }
        for postOp in recipe.postOps {
            switch postOp {
            case .clip(let low, let high):
                try OneDNNStatus.check(dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_clip, low, high), "append clip post-op")
            case .round:
                try OneDNNStatus.check(dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_round, 0, 0), "append round post-op")
            case .scale(let factor):
                try OneDNNStatus.check(dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_linear, factor, 0), "append linear post-op")
            case .sum(let scale, let zeroPoint, let type):
                try OneDNNStatus.check(dnnl_post_ops_append_sum_v3(postOps, scale, zeroPoint, type), "append sum post-op")
            }
        }
        try OneDNNStatus.check(dnnl_primitive_attr_set_post_ops(handle, postOps), "dnnl_primitive_attr_set_post_ops")
    }
}
