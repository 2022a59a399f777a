import CXNNPACK

/// Process-wide XNNPACK initialization.
enum XNNPACKLibrary {
    /// `xnn_initialize` result, computed once.
    private static let initialization: xnn_status = xnn_initialize(nil)

    /// Initializes XNNPACK once; fails when the CPU is not supported.
    static func ensureInitialized() throws(EngineError) {
        try check(initialization, "xnn_initialize (is this CPU supported by XNNPACK?)")
    }

    /// Maps an XNNPACK status to an error naming the call that failed.
    static func check(_ status: xnn_status, _ call: @autoclosure () -> String) throws(EngineError) {
        guard status == xnn_status_success else {
            throw EngineError("XNNPACK \(call()) failed with status \(status.rawValue) (\(name(of: status)))")
        }
    }

    private static func name(of status: xnn_status) -> String {
        switch status {
        case xnn_status_uninitialized: "uninitialized"
        case xnn_status_invalid_parameter: "invalid parameter"
        case xnn_status_invalid_state: "invalid state"
        case xnn_status_unsupported_parameter: "unsupported parameter"
        case xnn_status_unsupported_hardware: "unsupported hardware"
        case xnn_status_out_of_memory: "out of memory"
        default: "unknown"
        }
    }
}
