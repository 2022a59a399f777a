import CDNNL

/// One-off copies between layouts (the weights at load time).
enum OneDNNReorder {
    /// Copies `data`, laid out as `source`, into `target` (laid out as `descriptor`).
    static func run(
        from source: inout dnnl_memory_desc_t, data: UnsafeMutableRawPointer, to target: OneDNNMemory,
        descriptor: UnsafePointer<dnnl_memory_desc_t>, context: OneDNNContext, name: String
    ) throws(EngineError) {
        let sourceMemory = try OneDNNMemory(&source, context: context, data: data)
        let primitiveDescriptor: dnnl_primitive_desc_t = try OneDNNStatus.create("dnnl_reorder_primitive_desc_create(\(name))") {
            dnnl_reorder_primitive_desc_create(&$0, &source, context.engine, descriptor, context.engine, nil)
        }
        defer { dnnl_primitive_desc_destroy(primitiveDescriptor) }
        let primitive: dnnl_primitive_t = try OneDNNStatus.create("dnnl_primitive_create(reorder \(name))") {
            dnnl_primitive_create(&$0, primitiveDescriptor)
        }
        defer { dnnl_primitive_destroy(primitive) }
        let arguments = [
            dnnl_exec_arg_t(arg: DNNL_ARG_FROM, memory: sourceMemory.handle),
            dnnl_exec_arg_t(arg: DNNL_ARG_TO, memory: target.handle),
        ]
        try context.execute(primitive, arguments, "reorder \(name)")
    }
}
