/// The latency budget: the most milliseconds one inference of a device may take at the fleet's
/// percentile. One name from `effctl fleets create --latency-budget-ms` to the plan; validated here once.
public enum LatencyBudget {
    /// Largest budget accepted: the largest latency a measurement may state (about 11.6 days).
    public static let maximumMs = MeasurementRules.maximumLatencyMs

    /// Why `milliseconds` cannot be a budget, or nil when it can: finite, > 0 and at most
    /// ``maximumMs``.
    public static func problem(_ milliseconds: Double) -> String? {
        guard milliseconds.isFinite, milliseconds > 0 else { return "must be a finite number of milliseconds > 0" }
        guard milliseconds <= maximumMs else { return "must be at most \(Int(maximumMs)) ms" }
        return nil
    }

    /// The budget a device is held to: its own when it has one, else its fleet's default.
    public static func effective(device: Double?, fleet: Double) -> Double { device ?? fleet }
}
