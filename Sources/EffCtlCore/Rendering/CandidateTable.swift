import RegistryAPI

/// An explained plan's candidates: one row per device and (artifact, backend), with the figure
/// at the plan's percentile, its 95 % interval's upper bound, peak RSS and the verdict.
public enum CandidateTable {
    public static func table(_ plan: PlanView) -> Table {
        var table = Table(columns: [
            .init("device"), .init("candidate"), .init("backend"), .init("latency", .right), .init("upper", .right),
            .init("peak RSS MB", .right), .init("verdict"),
        ])
        for entry in plan.entries {
            for candidate in entry.candidates ?? [] {
                let predicted = candidate.predicted ? "*" : ""
                table.append([
                    entry.device, "\(candidate.variant) \(candidate.precision)", candidate.backend ?? "-",
                    candidate.latencyMs.map { NumberText.fixed($0) + predicted } ?? "-",
                    candidate.upperMs.map { NumberText.fixed($0) } ?? "-",
                    candidate.peakRSSMB.map { NumberText.fixed($0, 1) } ?? "-", candidate.verdict,
                ])
            }
        }
        return table
    }
}
