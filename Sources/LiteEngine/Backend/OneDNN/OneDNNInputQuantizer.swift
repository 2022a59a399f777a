import LiteArtifact

/// Quantizes the float input into the first activation buffer, stored as ``OneDNNEncoding``
/// says: `clamp(round_half_even(x / scale) + zero_point)`, exactly
/// ``QuantizationParameters/quantize(_:)``.
///
/// The loop avoids `rintf` calls and checked float-to-integer conversions, so it vectorizes:
/// adding and subtracting 1.5·2²³ rounds a float below 2²² to the nearest integer (ties to even),
/// and the low byte of `1.5·2²³ + q` is `q` in two's complement. (A oneDNN reorder with a
/// destination zero point saturates before it adds the zero point, which turns 128 − 1 into 126.)
enum OneDNNInputQuantizer {
    private static let magic: Float = 12_582_912

    static func run(_ input: [Float], _ parameters: QuantizationParameters, into output: UnsafeMutablePointer<UInt8>) {
        let scale = parameters.scale
        let zeroPoint = Float(parameters.zeroPoint)
        let flip: UInt8 = OneDNNEncoding(parameters).isUnsigned ? 0x80 : 0
        input.withUnsafeBufferPointer { values in
            guard let base = values.baseAddress else { return }
            for index in 0..<values.count {
                let scaled = base[index] / scale
                let rounded = (scaled + magic) - magic
                let clamped = min(max(rounded + zeroPoint, -128), 127)
                output[index] = UInt8(truncatingIfNeeded: (clamped + magic).bitPattern) ^ flip
            }
        }
    }
}
