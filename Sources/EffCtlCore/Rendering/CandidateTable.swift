import RegistryAPI

/// An explained plan's candidates: one row per device and (artifact, backend), with the top-1 the
/// planner credits (marked as in ``PlanRows/top1Mark(_:)``), the figure at the plan's percentile,
/// its 95 % interval's upper bound, peak RSS and the verdict.
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
                    candidate.top1.map { NumberText.fixed($0, 1) + PlanRows.top1Mark(candidate.top1Source) } ?? "-",
                    candidate.latencyMs.map { NumberText.fixed($0) + predicted } ?? "-",
                    candidate.upperMs.map { NumberText.fixed($0) } ?? "-",
                    candidate.peakRssMb.map { NumberText.fixed($0, 1) } ?? "-", candidate.verdict,
                ])
            }
        }
        return table
    }

    /// What the marks in `plan`'s candidate rows mean, one line each; empty when there are none.
    public static func legend(_ plan: PlanView) -> [String] {
        let sources = Set(plan.entries.flatMap { $0.candidates ?? [] }.compactMap(\.top1Source))
        return [
            (
                "fp32-minus-disagreement",
                "published FP32 top-1 of the source minus the 95 % bound of the INT8 artifact's measured disagreement"
            ),
            ("published-int8", "published INT8 top-1 (the artifact records no agreement with its source)"),
        ].compactMap { source, meaning in sources.contains(source) ? "\(PlanRows.top1Mark(source)) \(meaning)" : nil }
    }
}
