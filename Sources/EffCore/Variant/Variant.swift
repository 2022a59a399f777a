/// One member of the EfficientNet-Lite family.
///
/// All variants are the same network scaled by compound coefficients (see ``ScalingCoefficients``).
public enum Variant: String, CaseIterable, Codable, Sendable, Comparable {
    case lite0, lite1, lite2, lite3, lite4

    /// The compound-scaling coefficients of this variant, as published with EfficientNet-Lite.
    public var coefficients: ScalingCoefficients {
        switch self {
        case .lite0: ScalingCoefficients(width: 1.0, depth: 1.0, resolution: 224)
        case .lite1: ScalingCoefficients(width: 1.0, depth: 1.1, resolution: 240)
        case .lite2: ScalingCoefficients(width: 1.1, depth: 1.2, resolution: 260)
        case .lite3: ScalingCoefficients(width: 1.2, depth: 1.4, resolution: 280)
        case .lite4: ScalingCoefficients(width: 1.4, depth: 1.8, resolution: 300)
        }
    }

    /// Parses `lite0`…`lite4` (case-insensitive, also `efficientnet-lite0`).
    public init?(name: String) {
        let lowered = name.lowercased()
        let trimmed = lowered.hasPrefix("efficientnet-") ? String(lowered.dropFirst("efficientnet-".count)) : lowered
        self.init(rawValue: trimmed)
    }

    public static func < (lhs: Variant, rhs: Variant) -> Bool {
        lhs.index < rhs.index
    }

    private var index: Int {
        Variant.allCases.firstIndex(of: self) ?? 0
    }
}
