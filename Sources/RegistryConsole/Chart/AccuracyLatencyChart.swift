import FleetModel
import Planner

/// The device picture: every measured (artifact, backend) at x = latency at the fleet's
/// percentile (with its interval as a whisker where known) and y = credited top-1, the budget
/// line, the chosen point marked. Pure geometry; `device.mustache` draws it as inline SVG.
struct AccuracyLatencyChart: Sendable {
    static let width = 900.0
    static let height = 440.0
    static let plotLeft = 72.0
    static let plotRight = 740.0
    static let plotTop = 32.0
    static let plotBottom = 380.0

    var points: [ChartPoint]
    var latencyBudgetMs: Double
    var headroom: Double
    var percentile: LatencyPercentile

    /// Where the budget line is drawn: a point fits when the upper end of its interval is left of
    /// it, since the planner requires `upper × (1 + headroom) ≤ budget`.
    var limitMs: Double { latencyBudgetMs / (1 + headroom) }

    var xScale: LinearScale {
        let largest = points.map { max($0.latencyMs, $0.upperMs ?? 0) }.max() ?? 0
        return .nice(lower: 0, upper: max(largest, latencyBudgetMs) * 1.05, range: Self.plotLeft...Self.plotRight, tickCount: 8)
    }

    var yScale: LinearScale {
        let top1 = points.map(\.top1)
        let low = (top1.min() ?? 70) - 0.5
        let high = (top1.max() ?? 80) + 0.5
        return .nice(lower: low, upper: high, range: Self.plotTop...Self.plotBottom, tickCount: 6, inverted: true)
    }

    /// What the template draws.
    var view: ChartView {
        let x = xScale
        let y = yScale
        let labels = LabelPlacement.place(
            points.map { point in
                LabelPlacement.Item(
                    x: x(point.latencyMs), y: y(point.top1), radius: VerdictStyle(point.verdict).radius, text: Self.label(point),
                    isFirst: point.verdict == .chosen)
            }, maximumX: Self.width)
        let pointViews = zip(points, labels).map { point, label in
            let style = VerdictStyle(point.verdict)
            let cx = x(point.latencyMs)
            let cy = y(point.top1)
            let interval =
                point.upperMs.map { upper in
                    " (95 % interval \(ConsoleText.number(point.lowerMs ?? point.latencyMs))–\(ConsoleText.number(upper)) ms)"
                } ?? ""
            let description =
                "\(point.artifact) on \(point.backend): \(ConsoleText.milliseconds(point.latencyMs)) at \(percentile.rawValue)"
                + "\(interval), top-1 \(ConsoleText.percent(point.top1)); \(style.legend)"
            return ChartView.Point(
                artifactId: point.artifactId, artifact: point.artifact, backend: point.backend, verdict: point.verdict.rawValue,
                cssClass: style.cssClass, chosen: point.verdict == .chosen, latencyMs: SVGNumber.text(point.latencyMs),
                lowerMs: point.lowerMs.map(SVGNumber.text), upperMs: point.upperMs.map(SVGNumber.text),
                top1: SVGNumber.text(point.top1), cx: SVGNumber.text(cx), cy: SVGNumber.text(cy),
                marker: style.path(x: cx, y: cy),
                whisker: point.upperMs.map { upper in
                    ChartView.Whisker(
                        x1: SVGNumber.text(x(point.lowerMs ?? point.latencyMs)), x2: SVGNumber.text(x(upper)), y: SVGNumber.text(cy),
                        capTop: SVGNumber.text(cy - 4), capBottom: SVGNumber.text(cy + 4))
                },
                labelX: SVGNumber.text(label.x), labelY: SVGNumber.text(label.y), labelAnchor: label.anchor, label: Self.label(point),
                description: description)
        }
        let limitX = x(limitMs)
        let headroomPercent = ConsoleText.number(headroom * 100, decimals: 0)
        let budgetLabel =
            "budget \(ConsoleText.number(latencyBudgetMs)) ms ÷ (1 + \(headroomPercent) % headroom) = \(ConsoleText.milliseconds(limitMs))"
        let budgetLabelEndsLeft = limitX + 6 + Double(budgetLabel.count) * LabelPlacement.characterWidth > Self.width
        return ChartView(
            width: SVGNumber.text(Self.width), height: SVGNumber.text(Self.height),
            plotLeft: SVGNumber.text(Self.plotLeft), plotRight: SVGNumber.text(Self.plotRight),
            plotTop: SVGNumber.text(Self.plotTop), plotBottom: SVGNumber.text(Self.plotBottom),
            plotWidth: SVGNumber.text(Self.plotRight - Self.plotLeft), plotHeight: SVGNumber.text(Self.plotBottom - Self.plotTop),
            xTicks: x.ticks.map { value in
                ChartView.Tick(
                    value: SVGNumber.text(value), position: SVGNumber.text(x(value)),
                    label: ConsoleText.number(value, decimals: x.tickDecimals))
            },
            yTicks: y.ticks.map { value in
                ChartView.Tick(
                    value: SVGNumber.text(value), position: SVGNumber.text(y(value)),
                    label: ConsoleText.number(value, decimals: y.tickDecimals))
            },
            xLabelX: SVGNumber.text((Self.plotLeft + Self.plotRight) / 2), xLabelY: SVGNumber.text(Self.plotBottom + 44),
            xLabel: "latency at \(percentile.rawValue) (ms); whisker: 95 % interval",
            yLabelX: SVGNumber.text(18), yLabelY: SVGNumber.text((Self.plotTop + Self.plotBottom) / 2), yLabel: "top-1 (%)",
            budget: ChartView.BudgetLine(
                x: SVGNumber.text(limitX), limitMs: SVGNumber.text(limitMs), latencyBudgetMs: SVGNumber.text(latencyBudgetMs),
                headroom: SVGNumber.text(headroom), labelX: SVGNumber.text(budgetLabelEndsLeft ? limitX - 6 : limitX + 6),
                labelY: SVGNumber.text(Self.plotTop - 8), labelAnchor: budgetLabelEndsLeft ? "end" : "start",
                label: budgetLabel),
            points: pointViews,
            title: "Accuracy against latency of every measured artifact and backend",
            summary: Self.summary(points, limit: limitMs, percentile: percentile))
    }

    /// A point's label: `lite1 fp32 · onednn`, and `(chosen)` on the chosen one.
    private static func label(_ point: ChartPoint) -> String {
        "\(point.artifact) · \(point.backend)" + (point.verdict == .chosen ? " (chosen)" : "")
    }

    private static func summary(_ points: [ChartPoint], limit: Double, percentile: LatencyPercentile) -> String {
        let chosen = points.first { $0.verdict == .chosen }
        let choice = chosen.map { "chosen: \($0.artifact) on \($0.backend)" } ?? "no point chosen"
        return "\(points.count) measured pairs at \(percentile.rawValue), budget line at \(ConsoleText.milliseconds(limit)); \(choice)."
    }
}
