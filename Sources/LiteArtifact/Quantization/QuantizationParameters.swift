/// Affine int8 quantization of one tensor: `real = (q − zeroPoint) · scale`.
public struct QuantizationParameters: Hashable, Codable, Sendable {
    public var scale: Float
    public var zeroPoint: Int32

    public init(scale: Float, zeroPoint: Int32) {
        self.scale = scale
        self.zeroPoint = zeroPoint
    }

    /// Parameters that cover `[minimum, maximum]` (widened to include 0) with the 256 int8 levels.
    public init(minimum: Float, maximum: Float) {
        let low = Swift.min(minimum, 0)
        let high = Swift.max(maximum, 0)
        let scale = Swift.max((high - low) / 255, 1e-8)
        let zeroPoint = (-128 - low / scale).rounded(.toNearestOrEven)
        self.init(scale: scale, zeroPoint: Int32(Swift.min(Swift.max(zeroPoint, -128), 127)))
    }

    /// The int8 value nearest to `value` (ties to even), clamped.
    public func quantize(_ value: Float) -> Int8 {
        let scaled = (value / scale).rounded(.toNearestOrEven) + Float(zeroPoint)
        return Int8(Swift.min(Swift.max(scaled, -128), 127))
    }

    /// The real value of `q`.
    public func dequantize(_ q: Int8) -> Float {
        Float(Int32(q) - zeroPoint) * scale
    }

    /// The quantized value of a real bound, as XNNPACK derives an operator's output clamp from
    /// a float range: `round(bound / scale + zeroPoint)` clamped to int8.
    public func clampBound(_ bound: Float) -> Int32 {
        guard bound.isFinite else { return bound < 0 ? -128 : 127 }
        let value = Swift.min(Swift.max(bound / scale + Float(zeroPoint), -128), 127)
        return Int32(value.rounded(.toNearestOrEven))
    }

    /// Checks the ranges XNNPACK accepts.
    public func validate(_ name: String) throws(ArtifactError) {
        guard scale.isFinite, scale > 0 else {
            throw ArtifactError("quantization of '\(name)': scale \(scale) must be a positive finite number")
        }
        guard (-128...127).contains(zeroPoint) else {
            throw ArtifactError("quantization of '\(name)': zero point \(zeroPoint) is outside -128…127")
        }
    }

    enum CodingKeys: String, CodingKey {
        case scale
        case zeroPoint = "zero_point"
    }
}
