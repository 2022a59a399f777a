import EffCore

#if canImport(Glibc)
import Glibc
#endif

extension BackendKind {
    /// Whether this backend can run on this machine: oneDNN needs its library to create a CPU
    /// engine on an x86 CPU with AVX2 or newer; XNNPACK and the reference run everywhere the
    /// engine builds.
    public var isAvailable: Bool {
        unavailability == nil
    }

    /// Why this backend cannot run here, or nil.
    public var unavailability: String? {
        switch self {
        case .onednn: OneDNNLibrary.unavailability
        case .xnnpack, .reference: nil
        }
    }

    /// The backends a device should benchmark: the available ones, without the reference.
    public static var measurable: [BackendKind] {
        allCases.filter { $0 != .reference && $0.isAvailable }
    }

    /// The backend to run for `choice` and an artifact of `precision`.
    ///
    /// `auto` takes the fastest available backend for the precision, by measurements on x86 with
    /// AVX2/AVX-512 (`Docs/PERFORMANCE.md`): oneDNN for INT8 and FP32. Where oneDNN is unusable it
    /// falls back to XNNPACK and says so in one line on stderr (once per process). An explicit
    /// backend that is unusable here throws one line that says why.
    public static func resolve(_ choice: BackendChoice, precision: Precision) throws(EngineError) -> BackendKind {
        switch choice {
        case .kind(let kind):
            if let reason = kind.unavailability { throw EngineError("backend \(kind.rawValue) is not available here: \(reason)") }
            return kind
        case .auto:
            let preferred = preferred(for: precision)
            if preferred.unavailability != nil {
                fallbackNotice
                return .xnnpack
            }
            return preferred
        }
    }

    /// The fastest backend for `precision` where it is available.
    private static func preferred(for precision: Precision) -> BackendKind {
        switch precision {
        case .int8, .fp32: .onednn
        }
    }
}

/// The one line `auto` prints when it falls back (once per process: the reason cannot change).
private let fallbackNotice: Void = {
    let reason = BackendKind.onednn.unavailability ?? "oneDNN is unavailable"
    let line = Array("engine: backend auto: \(reason); using xnnpack\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}()
