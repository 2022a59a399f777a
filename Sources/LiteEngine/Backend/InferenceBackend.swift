/// Runs one network on normalized NHWC float input and returns its logits.
///
/// A backend instance is bound to one artifact and is not safe for concurrent `run` calls.
public protocol InferenceBackend: AnyObject {
    /// Which implementation this is.
    var kind: BackendKind { get }
    /// Runs one inference. `input` has `resolution × resolution × 3` elements.
    func run(input: [Float]) throws(EngineError) -> [Float]
}

/// The available backends.
public enum BackendKind: String, CaseIterable, Sendable {
    /// oneDNN's x86 kernels (AVX2, AVX-512, VNNI): the fastest on x86, INT8 above all.
    case onednn
    /// XNNPACK's optimized kernels: the portable backend (Arm and x86).
    case xnnpack
    /// The portable pure-Swift reference, used to cross-check.
    case reference
}
