import CDNNL

/// Turns `dnnl_status_t` results into ``EngineError``s that name the call that failed.
enum OneDNNStatus {
    /// Throws unless `status` is `dnnl_success`.
    static func check(_ status: dnnl_status_t, _ call: @autoclosure () -> String) throws(EngineError) {
        guard status == dnnl_success else {
            throw EngineError("oneDNN \(call()) failed with status \(status.rawValue) (\(name(of: status)))")
        }
    }

    /// Runs a creating call and returns the object it created, or throws when the call failed or
    /// created nothing.
    static func create<Object>(_ call: @autoclosure () -> String, _ body: (inout Object?) -> dnnl_status_t) throws(EngineError) -> Object {
        var object: Object?
        try check(body(&object), call())
        guard let object else { throw EngineError("oneDNN \(call()) returned nothing") }
        return object
    }

    private static func name(of status: dnnl_status_t) -> String {
        switch status {
        case dnnl_out_of_memory: "out of memory"
        case dnnl_invalid_arguments: "invalid arguments"
        case dnnl_unimplemented: "unimplemented: no kernel for this configuration"
        case dnnl_iterator_ends: "iterator ends"
        case dnnl_runtime_error: "runtime error"
        case dnnl_not_required: "not required"
        default: "unknown"
        }
    }
}
