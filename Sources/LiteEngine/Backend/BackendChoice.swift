/// Which backend to run: one by name, or `auto`, the fastest available on this CPU.
public enum BackendChoice: Hashable, Sendable, CustomStringConvertible {
    /// The fastest backend on this CPU for the artifact's precision (see ``BackendKind/resolve(_:precision:)``).
    case auto
    /// Exactly this backend; fails when it is not available here.
    case kind(BackendKind)

    /// Parses `auto`, `onednn`, `xnnpack` or `reference`.
    public init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let kind = BackendKind(rawValue: argument) {
            self = .kind(kind)
        } else {
            return nil
        }
    }

    /// Every accepted argument, for help texts.
    public static let arguments = ["auto"] + BackendKind.allCases.map(\.rawValue)

    public var description: String {
        switch self {
        case .auto: "auto"
        case .kind(let kind): kind.rawValue
        }
    }
}
