import RegistryAPI

/// Plans as table rows.
public enum PlanRows {
    /// One row per plan.
    public static func summaries(_ plans: [PlanView]) -> Table {
        var table = Table(columns: [
            .init("plan"), .init("fleet"), .init("percentile"), .init("headroom", .right), .init("synthetic"),
            .init("pending jobs", .right), .init("created"),
        ])
        for plan in plans {
            table.append([
                plan.id, plan.fleet, plan.percentile.rawValue, NumberText.fixed(plan.headroom), plan.allowSynthetic ? "allowed" : "no",
                String(plan.pendingJobs), TimeText.format(plan.createdAt),
            ])
        }
        return table
    }

    /// One row per entry of every plan.
    public static func entries(_ plans: [PlanView]) -> Table {
        var table = Table(columns: [
            .init("plan"), .init("created"), .init("device"), .init("decision"), .init("variant"), .init("precision"),
            .init("backend"), .init("latency/budget", .right), .init("top-1", .right), .init("reason"),
        ])
        for plan in plans {
            for entry in plan.entries {
                table.append([
                    plan.id, TimeText.format(plan.createdAt), entry.device, entry.decision.rawValue, entry.variant ?? "-",
                    entry.precision ?? "-", entry.backend ?? "-", latencyText(entry), top1Text(entry), entry.reason,
                ])
            }
        }
        return table
    }

    /// The credited top-1, marked by where it comes from: `†` measured (published FP32 top-1 −
    /// the bound on the INT8 artifact's disagreement with it), `‡` the published INT8 figure of
    /// an artifact that records no agreement; unmarked: published FP32.
    public static func top1Text(_ entry: PlanEntryView) -> String {
        NumberText.percent(entry.top1) + (entry.top1 == nil ? "" : top1Mark(entry.top1Source))
    }

    public static func top1Mark(_ source: String?) -> String {
        switch source {
        case "fp32-minus-disagreement": "†"
        case "published-int8": "‡"
        default: ""
        }
    }

    /// `8.41/12.00 ms`, with `*` when the latency is predicted from the hardware class.
    public static func latencyText(_ entry: PlanEntryView) -> String {
        let predicted = entry.predicted == true ? "*" : ""
        guard let latency = entry.latencyMs else {
            return "-/\(NumberText.fixed(entry.latencyBudgetMs)) ms"
        }
        return "\(NumberText.fixed(latency))/\(NumberText.fixed(entry.latencyBudgetMs)) ms\(predicted)"
    }
}
