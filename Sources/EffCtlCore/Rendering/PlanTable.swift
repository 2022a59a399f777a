import EffCore
import RegistryAPI

/// A plan as `effctl deploy` shows it: one row per device with its budgets, the choice, its latency
/// against the budget, its accuracy, what changes, and why.
public enum PlanTable {
    public static func table(_ plan: PlanView, artifacts: [String: ArtifactView]) -> Table {
        var table = Table(columns: [
            .init("device"), .init("budget ms", .right), .init("memory MB", .right), .init("choice"),
            .init("latency/budget", .right), .init("top-1", .right), .init("change"), .init("reason"),
        ])
        for entry in plan.entries {
            table.append([
                entry.device, NumberText.fixed(entry.latencyBudgetMs), NumberText.fixed(entry.memoryBudgetMb, 0), choice(entry),
                PlanRows.latencyText(entry), PlanRows.top1Text(entry), change(entry, artifacts: artifacts), entry.reason,
            ])
        }
        return table
    }

    /// `lite2 int8 onednn` for an assignment, the decision's name (`no-feasible-variant`,
    /// `awaiting-benchmarks`) otherwise.
    public static func choice(_ entry: PlanEntryView) -> String {
        switch entry.decision {
        case .assign: [entry.variant, entry.precision, entry.backend].compactMap { $0 }.joined(separator: " ")
        case .noFeasibleVariant, .awaitingBenchmarks: entry.decision.rawValue
        }
    }

    /// `new` (nothing runs yet), `keep` (already runs it), `from lite0 fp32`; `-` when nothing is assigned.
    public static func change(_ entry: PlanEntryView, artifacts: [String: ArtifactView]) -> String {
        guard entry.decision == .assign else { return "-" }
        guard let current = entry.currentArtifactId else { return "new" }
        if current == entry.artifactId || !entry.changesCurrent {
            return "keep"
        }
        return "from " + ArtifactLabel.text(current, artifacts: artifacts)
    }

    /// Lines under the table: what the marks mean and what is still missing.
    public static func notes(_ plan: PlanView, artifacts: [String: ArtifactView] = [:]) -> [String] {
        var notes: [String] = []
        // Where each assigned artifact's top-1 comes from, once per artifact.
        var explained = Set<String>()
        for entry in plan.entries where entry.decision == .assign {
            guard let id = entry.artifactId, explained.insert(id).inserted, let source = entry.top1Source, source != "published-fp32" else {
                continue
            }
            let detail = artifacts[id]?.top1Detail ?? source
            notes.append("\(PlanRows.top1Mark(source)) top-1 of \(ArtifactLabel.text(id, artifacts: artifacts)): \(detail)")
        }
        if plan.entries.contains(where: { $0.predicted == true }) {
            notes.append("* predicted from the hardware class median (the device has not measured it)")
        }
        if plan.pendingJobs > 0 {
            notes.append(
                "\(plan.pendingJobs.counted("benchmark job")) pending: devices awaiting benchmarks keep what they run "
                    + "(use --wait to wait for them)"
            )
        }
        return notes
    }
}
