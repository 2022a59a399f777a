/// Where an artifact's weights come from.
///
/// Written as `pretrained:<source>` or `synthetic:<seed>`. Synthetic weights have the right shapes
/// for latency measurements and are never accurate.
public enum WeightOrigin: Hashable, Sendable, CustomStringConvertible {
    case pretrained(source: String)
    case synthetic(seed: UInt64)

    /// Parses the metadata form; `nil` when it is neither form.
    public init?(_ text: String) {
        if text.hasPrefix("pretrained:") {
            let source = String(text.dropFirst("pretrained:".count))
            guard !source.isEmpty else { return nil }
            self = .pretrained(source: source)
        } else if text.hasPrefix("synthetic:"), let seed = UInt64(text.dropFirst("synthetic:".count)) {
            self = .synthetic(seed: seed)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .pretrained(let source): "pretrained:\(source)"
        case .synthetic(let seed): "synthetic:\(seed)"
        }
    }

    /// Whether the weights are real (trained) weights.
    public var isPretrained: Bool {
        if case .pretrained = self { return true }
        return false
    }
}
