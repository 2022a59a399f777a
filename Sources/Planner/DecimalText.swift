/// Renders `value` with exactly `fractionDigits` digits after the point, rounding half away from
/// zero (`8.7` → `"8.70"`). Values too large for that fall back to Swift's own rendering.
func decimalText(_ value: Double, fractionDigits: Int) -> String {
    var scale = 1.0
    for _ in 0..<fractionDigits {
        scale *= 10
    }
    let scaled = (value.magnitude * scale).rounded()
    guard scaled.isFinite, scaled < 1e15 else {
        return "\(value)"
    }
    let units = Int64(scaled)
    let divisor = Int64(scale)
    let sign = value < 0 && units != 0 ? "-" : ""
    let whole = "\(sign)\(units / divisor)"
    guard fractionDigits > 0 else {
        return whole
    }
    let fraction = String(units % divisor)
    return whole + "." + String(repeating: "0", count: fractionDigits - fraction.count) + fraction
}

/// Renders a fraction as a percentage with at most one decimal (`0.1` → `"10%"`, `0.125` → `"12.5%"`).
func percentText(_ fraction: Double) -> String {
    let text = decimalText(fraction * 100, fractionDigits: 1)
    return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "%"
}
