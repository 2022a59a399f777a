import Planner

/// How the picture draws a point judged `verdict`: a marker shape (so that the verdict does not
/// rest on colour alone), a CSS class and the legend's words.
struct VerdictStyle: Sendable {
    enum Shape: Sendable { case circle, diamond, square, triangle }

    var verdict: CandidateVerdict
    var shape: Shape
    var radius: Double
    var legend: String

    init(_ verdict: CandidateVerdict) {
        self.verdict = verdict
        switch verdict {
        case .chosen: (shape, radius, legend) = (.circle, 8, "chosen by the planner")
        case .outranked: (shape, radius, legend) = (.circle, 5.5, "fits, not chosen (less accurate, or not faster beyond its interval)")
        case .latency: (shape, radius, legend) = (.diamond, 7, "rejected: interval's upper end × (1 + headroom) over the budget")
        case .memory: (shape, radius, legend) = (.square, 6, "rejected: peak memory over the device's memory budget")
        case .unstable: (shape, radius, legend) = (.triangle, 7, "rejected: measurement unstable")
        case .unmeasured: (shape, radius, legend) = (.circle, 5, "not measured")
        }
    }

    /// Every style a measured point can have, in legend order.
    static let legendOrder: [VerdictStyle] = [CandidateVerdict.chosen, .outranked, .latency, .memory, .unstable].map(VerdictStyle.init)

    /// The CSS class of the verdict's marker.
    var cssClass: String { "verdict-\(verdict.rawValue)" }

    /// An SVG path of the marker centred on (`x`, `y`).
    func path(x: Double, y: Double) -> String {
        let r = radius
        func n(_ value: Double) -> String { SVGNumber.text(value) }
        switch shape {
        case .circle: return "M\(n(x - r)),\(n(y))a\(n(r)),\(n(r)) 0 1,0 \(n(2 * r)),0a\(n(r)),\(n(r)) 0 1,0 \(n(-2 * r)),0Z"
        case .diamond: return "M\(n(x)),\(n(y - r))L\(n(x + r)),\(n(y))L\(n(x)),\(n(y + r))L\(n(x - r)),\(n(y))Z"
        case .square: return "M\(n(x - r)),\(n(y - r))h\(n(2 * r))v\(n(2 * r))h\(n(-2 * r))Z"
        case .triangle: return "M\(n(x)),\(n(y - r))L\(n(x + r)),\(n(y + r * 0.8))L\(n(x - r)),\(n(y + r * 0.8))Z"
        }
    }
}

/// SVG coordinates as text: two decimals, no trailing zeros beyond them.
enum SVGNumber {
    static func text(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
