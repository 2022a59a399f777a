/// Observed minimum and maximum of every activation tensor over a calibration set.
///
/// Keys: a layer name for its own output, `<layer>+residual` for a residual sum, and
/// `classifier.pooled` for the pooled features.
public struct ActivationRanges: Sendable {
    public private(set) var ranges: [String: ClosedRange<Float>] = [:]
    public init() {}

    /// Widens the range of `key` to include every value in `values`.
    public mutating func observe(_ key: String, _ values: [Float]) {
        guard var low = values.first else { return }
        var high = low
        for value in values {
            low = min(low, value)
            high = max(high, value)
        }
        if let existing = ranges[key] {
            low = min(low, existing.lowerBound)
            high = max(high, existing.upperBound)
        }
        ranges[key] = low...high
    }

    /// Quantization parameters for `key`: its observed range, widened by `margin` (a fraction of
    /// the range) on each side.
    public func parameters(_ key: String, margin: Float = 0) throws(ArtifactError) -> QuantizationParameters {
        guard let range = ranges[key] else { throw ArtifactError("no calibration range for '\(key)'") }
        let widen = (range.upperBound - range.lowerBound) * margin
        return QuantizationParameters(minimum: range.lowerBound - widen, maximum: range.upperBound + widen)
    }

    /// Key of a residual sum.
    public static func residualKey(_ layer: String) -> String { layer + "+residual" }
    /// Key of the pooled features.
    public static let pooledKey = "classifier.pooled"
}
