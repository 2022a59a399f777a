/// Compound-scaling coefficients: how much wider, deeper and larger-input a variant is than Lite0.
public struct ScalingCoefficients: Hashable, Codable, Sendable {
    /// Channel multiplier (applied with ``CompoundScaling/roundFilters(_:width:)``).
    public var width: Double
    /// Repeat multiplier (applied with ``CompoundScaling/roundRepeats(_:depth:)``).
    public var depth: Double
    /// Square input edge in pixels.
    public var resolution: Int
}
