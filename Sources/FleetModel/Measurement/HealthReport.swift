import EffCore

/// An in-service measurement (`POST /v1/assignments/{id}/health`): after activation, the device
/// measures the artifact it now serves (a short in-service benchmark); the registry holds the
/// latency at the plan's percentile against the device's budget (``HealthGate``).
public struct HealthReport: Codable, Hashable, Sendable {
    public var p50Ms: Double
    public var p90Ms: Double
    public var p99Ms: Double
    public var runs: Int
    /// 95 % intervals of the percentiles: the health gate declares a breach only when the
    /// interval lies above the budget (see `HealthGate`).
    public var intervals: LatencyIntervals?
    /// What the machine was doing: a loaded machine asks for another measurement, not a verdict.
    public var context: MeasurementContext?

    public init(
        p50Ms: Double, p90Ms: Double, p99Ms: Double, runs: Int, intervals: LatencyIntervals? = nil, context: MeasurementContext? = nil
    ) {
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
        self.runs = runs
        self.intervals = intervals
        self.context = context
    }
}

extension HealthReport: PercentileFigures {}
