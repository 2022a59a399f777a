/// The device picture as the template reads it: every coordinate already computed, as text.
struct ChartView: Sendable {
    struct Tick: Sendable {
        var value: String
        var position: String
        var label: String
    }

    struct Whisker: Sendable {
        var x1: String
        var x2: String
        var y: String
        var capTop: String
        var capBottom: String
    }

    struct BudgetLine: Sendable {
        var x: String
        var limitMs: String
        var latencyBudgetMs: String
        var headroom: String
        var labelX: String
        var labelY: String
        var labelAnchor: String
        var label: String
    }

    struct Point: Sendable {
        var artifactId: String
        var artifact: String
        var backend: String
        var verdict: String
        var cssClass: String
        var chosen: Bool
        var latencyMs: String
        var lowerMs: String?
        var upperMs: String?
        var top1: String
        var cx: String
        var cy: String
        var marker: String
        var whisker: Whisker?
        var labelX: String
        var labelY: String
        /// `start` or `end`: which end of the label is at (labelX, labelY).
        var labelAnchor: String
        var label: String
        var description: String
    }

    /// A legend entry: a marker drawn in a small SVG of its own, and its words.
    struct LegendEntry: Sendable {
        var cssClass: String
        var marker: String
        var text: String
    }

    var width: String
    var height: String
    var plotLeft: String
    var plotRight: String
    var plotTop: String
    var plotBottom: String
    var plotWidth: String
    var plotHeight: String
    var xTicks: [Tick]
    var yTicks: [Tick]
    var xLabelX: String
    var xLabelY: String
    var xLabel: String
    var yLabelX: String
    var yLabelY: String
    var yLabel: String
    var budget: BudgetLine
    var points: [Point]
    var title: String
    var summary: String
    var legend: [LegendEntry] = VerdictStyle.legendOrder.map { style in
        LegendEntry(cssClass: style.cssClass, marker: style.path(x: 10, y: 10), text: style.legend)
    }
}
