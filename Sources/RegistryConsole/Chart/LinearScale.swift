import Foundation

/// A linear map from data values to SVG coordinates, with "nice" tick values (1, 2 or 5 × 10ⁿ
/// apart) covering the domain.
struct LinearScale: Sendable {
    var domain: ClosedRange<Double>
    var range: ClosedRange<Double>
    /// Distance between two ticks.
    var step: Double
    /// Whether larger values map to smaller coordinates (a y axis, which grows upward).
    var inverted = false

    /// The scale whose domain is `lower…upper` widened to whole ticks, about `tickCount` of them.
    static func nice(
        lower: Double, upper: Double, range: ClosedRange<Double>, tickCount: Int = 6, inverted: Bool = false
    ) -> LinearScale {
        let span = upper > lower ? upper - lower : max(abs(upper), 1)
        let step = niceStep(span / Double(max(tickCount, 1)))
        let low = (lower / step).rounded(.down) * step
        var high = (upper / step).rounded(.up) * step
        if high <= low { high = low + step }
        return LinearScale(domain: low...high, range: range, step: step, inverted: inverted)
    }

    /// The coordinate of `value`.
    func callAsFunction(_ value: Double) -> Double {
        let fraction = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        let position = inverted ? 1 - fraction : fraction
        return range.lowerBound + position * (range.upperBound - range.lowerBound)
    }

    /// Tick values from the domain's lower to its upper bound.
    var ticks: [Double] {
        let count = Int(((domain.upperBound - domain.lowerBound) / step).rounded()) + 1
        return (0..<count).map { domain.lowerBound + Double($0) * step }
    }

    /// Digits after the decimal point that tell the ticks apart.
    var tickDecimals: Int {
        return step >= 1 ? 0 : Int((-log10(step)).rounded(.up))
    }

    /// 1, 2 or 5 × 10ⁿ, the smallest at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let factor: Double = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
        return factor * magnitude
    }
}
