import FleetModel

extension AssignmentRecord {
    /// Judges an in-service `report` with ``FleetModel/HealthGate`` at `percentile`, against the
    /// effective budget of `device` in `fleet`, after the readings so far; keeps the readings, the
    /// latency and the budget on the assignment and returns the assessment, whose state and detail
    /// the store's transition writes.
    public mutating func assessHealth(
        _ report: HealthReport, percentile: LatencyPercentile, device: DeviceRecord, fleet: FleetRecord
    ) -> HealthGate.Assessment {
        let budget = LatencyBudget.effective(device: device.latencyBudgetMs, fleet: fleet.latencyBudgetMs)
        let assessment = HealthGate.assess(
            report, percentile: percentile, latencyBudgetMs: budget, cores: device.hardware.cores, earlier: healthReports ?? [])
        healthReports = assessment.reports
        healthLatencyMs = assessment.latencyMs
        healthBudgetMs = budget
        return assessment
    }
}
