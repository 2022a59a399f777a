import RegistryAPI

/// An explained plan's candidates: one row per device and (artifact, backend), with the top-1 the
/// planner credits (INT8 marked `†` when it is the FP32 figure minus the measured disagreement's
/// bound), the figure at the plan's percentile, its 95 % interval's upper bound, peak RSS and the
/// verdict.
public enum CandidateTable {
    public static func table(_ plan: PlanView) -> Table {
        var table = Table(columns: [
            .init("device"), .init("candidate"), .init("backend"), .init("top-1", .right), .init("latency", .right), .init("upper", .right),
            .init("peak RSS MB", .right), .init("verdict"),
        ])
        for entry in plan.entries {
            for candidate in entry.candidates ?? [] {
                let predicted = candidate.predicted ? "*" : ""
                table.append([
                    entry.device, "\(candidate.variant) \(candidate.precision)", candidate.backend ?? "-",
                    candidate.top1.map { NumberText.fixed($0, 1) + (candidate.top1Source == "fp32-minus-disagreement" ? "†" : "") } ?? "-",
                    candidate.latencyMs.map { NumberText.fixed($0) + predicted } ?? "-",
                    candidate.upperMs.map { NumberText.fixed($0) } ?? "-",
                    candidate.peakRSSMB.map { NumberText.fixed($0, 1) } ?? "-", candidate.verdict,
                ])
            }
        }
        return table
    }
}
