/// The rounding rules of EfficientNet's compound scaling, as in the TensorFlow reference builder.
public enum CompoundScaling {
    /// Channel counts are multiples of this divisor.
    public static let divisor = 8

    /// Scales a channel count by `width` and rounds it to a multiple of ``divisor``, never
    /// dropping more than 10% below the scaled value.
    public static func roundFilters(_ filters: Int, width: Double) -> Int {
        let scaled = Double(filters) * width
        var rounded = max(divisor, Int(scaled + Double(divisor) / 2) / divisor * divisor)
        if Double(rounded) < 0.9 * scaled {
            rounded += divisor
        }
        return rounded
    }

    /// Scales a repeat count by `depth`, rounding up.
    public static func roundRepeats(_ repeats: Int, depth: Double) -> Int {
        Int((depth * Double(repeats)).rounded(.up))
    }
}
