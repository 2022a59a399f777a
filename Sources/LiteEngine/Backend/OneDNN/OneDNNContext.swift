import CDNNL

/// A oneDNN CPU engine and an in-order stream on it, owned together.
final class OneDNNContext {
    let engine: dnnl_engine_t
    let stream: dnnl_stream_t

    init() throws(EngineError) {
        let engine: dnnl_engine_t = try OneDNNStatus.create("dnnl_engine_create") { dnnl_engine_create(&$0, dnnl_cpu, 0) }
        self.engine = engine
        do throws(EngineError) {
            stream = try OneDNNStatus.create("dnnl_stream_create") { dnnl_stream_create(&$0, engine, dnnl_stream_default_flags.rawValue) }
        } catch {
            dnnl_engine_destroy(engine)
            throw error
        }
    }

    deinit {
        dnnl_stream_destroy(stream)
        dnnl_engine_destroy(engine)
    }

    /// Runs `primitive` on the stream with `arguments` and waits for it.
    func execute(_ primitive: dnnl_primitive_t, _ arguments: [dnnl_exec_arg_t], _ name: @autoclosure () -> String) throws(EngineError) {
        try OneDNNStatus.check(dnnl_primitive_execute(primitive, stream, Int32(arguments.count), arguments), "execute \(name())")
        try OneDNNStatus.check(dnnl_stream_wait(stream), "dnnl_stream_wait")
    }
}
