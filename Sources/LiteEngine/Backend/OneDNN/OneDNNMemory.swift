import CDNNL

/// A oneDNN memory object, over a buffer the engine owns or one oneDNN allocated for it.
final class OneDNNMemory {
    let handle: dnnl_memory_t
    /// oneDNN objects must not outlive their engine.
    private let context: OneDNNContext

    /// Wraps `data` (not owned) or, when `data` is nil, lets oneDNN allocate and own the buffer.
    init(_ descriptor: UnsafePointer<dnnl_memory_desc_t>, context: OneDNNContext, data: UnsafeMutableRawPointer?) throws(EngineError) {
        // DNNL_MEMORY_ALLOCATE, a pointer-valued macro Swift does not import.
        let allocate = UnsafeMutableRawPointer(bitPattern: -1)
        self.context = context
        handle = try OneDNNStatus.create("dnnl_memory_create") { dnnl_memory_create(&$0, descriptor, context.engine, data ?? allocate) }
    }

    convenience init(_ descriptor: dnnl_memory_desc_t, context: OneDNNContext, data: UnsafeMutableRawPointer?) throws(EngineError) {
        var descriptor = descriptor
        try self.init(&descriptor, context: context, data: data)
    }

    deinit {
        dnnl_memory_destroy(handle)
    }

    /// The buffer behind this memory.
    func data() throws(EngineError) -> UnsafeMutableRawPointer {
        try OneDNNStatus.create("dnnl_memory_get_data_handle") { dnnl_memory_get_data_handle(handle, &$0) }
    }
}
