import EffCore
import FleetModel

/// How one artifact is expected to perform on one device with one backend: measured there, or
/// predicted from the median of its hardware class.
public struct ArtifactEstimate: Hashable, Codable, Sendable {
    // Stored largest first, so that the many copies in a fleet plan pack tightly.
    /// The artifact's ``ArtifactDescriptor/id``.
    public var artifactID: String
    /// The engine backend the figures are for, and that the device serves the artifact with.
    public var backend: String
    /// The artifact's top-1 accuracy in percent.
    public var top1: Double
    /// Latency in milliseconds at ``percentile``, without headroom.
    public var latencyMs: Double
    /// Peak resident memory in MB.
    public var peakRssMb: Double
    /// The artifact's variant.
    public var variant: Variant
    /// The artifact's precision.
    public var precision: Precision
    /// The percentile that ``latencyMs`` is for.
    public var percentile: LatencyPercentile
    /// Whether the figures are hardware-class medians rather than this device's own measurement.
    public var isPredicted: Bool

    /// Creates an estimate.
    public init(
        artifactID: String,
        backend: String = "xnnpack",
        variant: Variant,
        precision: Precision,
        top1: Double,
        latencyMs: Double,
        percentile: LatencyPercentile,
        peakRssMb: Double,
        isPredicted: Bool
    ) {
        self.artifactID = artifactID
        self.backend = backend
        self.variant = variant
        self.precision = precision
        self.top1 = top1
        self.latencyMs = latencyMs
        self.percentile = percentile
        self.peakRssMb = peakRssMb
        self.isPredicted = isPredicted
    }
}
