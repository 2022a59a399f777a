import EffCore

/// The in-service health gate: whether an activated artifact keeps its device's latency budget.
/// Pure; the store applies it to each health report inside the report's transaction.
///
/// One in-service measurement is noisy (the same artifact read 26–68 ms p90 within 90 s on a shared
/// machine), so the gate reads every report against the budget with its 95 % interval and decides
/// by a sequential rule instead of on one sample:
/// - a reading is `within` when the percentile is within the budget, `significantlyOver` when the
///   whole interval lies above it, `inconclusive` in between, and `loaded` when the machine's load
///   average before the measurement exceeded its cores (the reading then says more about the
///   neighbours than the model and does not count);
/// - **healthy** when the first counted reading is within, or two are;
/// - **breached** when two counted readings are significantly over: a breach is declared only on
///   significant evidence, never on readings whose intervals straddle the budget;
/// - otherwise **measure again** — at most ``maximumReports`` reports in all, after which the
///   median of every reading decides (a figure that keeps straddling the budget is judged by where
///   it lies more often than not).
public enum HealthGate {
    /// How one report reads against the budget.
    public enum Reading: String, Hashable, Codable, Sendable {
        case within
        case inconclusive
        case significantlyOver = "significantly-over"
        case loaded
    }

    /// One report as the gate keeps it.
    public struct Report: Hashable, Codable, Sendable {
        public var latencyMs: Double
        public var reading: Reading

        public init(latencyMs: Double, reading: Reading) {
            self.latencyMs = latencyMs
            self.reading = reading
        }
    }

    /// What the gate decides after a report.
    public enum Verdict: Hashable, Sendable {
        case healthy
        case breached
        case measureAgain
    }

    /// Reports after which the gate decides whatever they read.
    public static let maximumReports = 5

    /// How a measurement of `latencyMs` (with its interval, if known) reads against `latencyBudgetMs`,
    /// given the load average before it and the device's cores.
    public static func reading(
        latencyMs: Double, interval: PercentileInterval?, latencyBudgetMs: Double, loadBefore: Double?, cores: Int
    ) -> Reading {
        if let loadBefore, loadBefore > Double(max(cores, 1)) { return .loaded }
        if latencyMs <= latencyBudgetMs { return .within }
        guard let interval else { return .significantlyOver }
        return interval.lower > latencyBudgetMs ? .significantlyOver : .inconclusive
    }

    /// The decision after `reports` (oldest first) against `latencyBudgetMs`.
    public static func verdict(_ reports: [Report], latencyBudgetMs: Double) -> Verdict {
        let counted = reports.filter { $0.reading != .loaded }
        if counted.first?.reading == .within { return .healthy }
        if counted.count(where: { $0.reading == .within }) >= 2 { return .healthy }
        if counted.count(where: { $0.reading == .significantlyOver }) >= 2 { return .breached }
        if reports.count >= maximumReports { return median(reports) <= latencyBudgetMs ? .healthy : .breached }
        return .measureAgain
    }

    private static func median(_ reports: [Report]) -> Double {
        let sorted = reports.map(\.latencyMs).sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}
