import FleetModel

/// Fleet-wide rules for choosing artifacts.
public struct PlanningPolicy: Hashable, Codable, Sendable {
    /// The latency percentile compared with each device's latency budget.
    public var percentile: LatencyPercentile
    /// Safety margin on latency: an artifact fits when `latency × (1 + headroom)` is within the budget.
    ///
    /// Must be finite and at least 0; ``FleetPlanner/plan(_:)`` throws ``PlanningError/invalidHeadroom(_:)``
    /// otherwise.
    public var headroom: Double
    /// Whether artifacts with synthetic weights may be planned. Their top-1 accuracy is meaningless,
    /// so this is only for latency trials.
    public var allowSynthetic: Bool
    /// Whether each device plan lists every candidate with its verdict (``DevicePlan/candidates``).
    public var explain: Bool

    /// Creates a policy; the defaults are p90, 10% headroom, no synthetic artifacts, no explanations.
    public init(percentile: LatencyPercentile = .p90, headroom: Double = 0.1, allowSynthetic: Bool = false, explain: Bool = false) {
        self.percentile = percentile
        self.headroom = headroom
        self.allowSynthetic = allowSynthetic
        self.explain = explain
    }
}
