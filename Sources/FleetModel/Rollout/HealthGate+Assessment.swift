import EffCore
import Foundation

extension HealthGate {
    /// What one in-service report does to an active assignment, given the readings before it:
    /// the latency at the percentile, the readings now, the assignment's next state (`healthy`,
    /// `breached`, or `active` while the gate asks for another measurement) and the line that
    /// says why. Both stores apply it inside the transaction of the report.
    public struct Assessment: Hashable, Sendable {
        public var latencyMs: Double
        public var reports: [Report]
        public var state: AssignmentState
        public var detail: String
    }

    /// Judges `report` at `percentile` against `latencyBudgetMs` on a device of `cores`, after `earlier`.
    public static func assess(
        _ report: HealthReport, percentile: LatencyPercentile, latencyBudgetMs budget: Double, cores: Int, earlier: [Report]
    ) -> Assessment {
        let latency = report.latencyMs(at: percentile)
        let interval = report.intervals?[percentile]
        let reading = reading(
            latencyMs: latency, interval: interval, latencyBudgetMs: budget, loadBefore: report.context?.loadBefore, cores: cores)
        let reports = earlier + [Report(latencyMs: latency, reading: reading)]
        let range = interval.map { String(format: " (95 %% %.2f–%.2f)", $0.lower, $0.upper) } ?? ""
        let measured =
            String(
                format: "in service %@ %.2f ms%@ over %d runs, budget %.2f ms: ", percentile.rawValue, latency, range, report.runs, budget)
            + reading.rawValue
        switch verdict(reports, latencyBudgetMs: budget) {
        case .healthy: return Assessment(latencyMs: latency, reports: reports, state: .healthy, detail: measured)
        case .breached: return Assessment(latencyMs: latency, reports: reports, state: .breached, detail: measured)
        case .measureAgain:
            let detail = measured + "; measuring again (report \(reports.count) of at most \(maximumReports))"
            return Assessment(latencyMs: latency, reports: reports, state: .active, detail: detail)
        }
    }
}
