import EffCore

/// What the planner needs to know about one built artifact.
public struct ArtifactDescriptor: Hashable, Codable, Sendable {
    /// Unique identifier: the SHA-256 of the artifact file, in hex.
    public var id: String
    /// The EfficientNet-Lite variant.
    public var variant: Variant
    /// The weight precision.
    public var precision: Precision
    /// Top-1 accuracy in percent (0…100).
    public var top1: Double
    /// Whether the weights are synthetic: right for latency, meaningless for accuracy.
    public var isSynthetic: Bool

    /// Creates an artifact descriptor.
    public init(id: String, variant: Variant, precision: Precision, top1: Double, isSynthetic: Bool = false) {
        self.id = id
        self.variant = variant
        self.precision = precision
        self.top1 = top1
        self.isSynthetic = isSynthetic
    }
}
