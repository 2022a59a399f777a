/// Why no artifact fits a device.
public enum Infeasibility: Hashable, Codable, Sendable {
    /// The policy leaves no artifact to choose from; `excludedSyntheticCount` were left out as synthetic.
    case noCandidates(excludedSyntheticCount: Int)
    /// Every known artifact needs more memory than `budgetMB`; `smallest` needs the least.
    case memoryBudget(budgetMB: Double, smallest: ArtifactEstimate)
    /// No artifact within the memory budget is fast enough for `latencyBudgetMs` with `headroom`;
    /// `fastest` is the fastest of them.
    case latencyBudget(latencyBudgetMs: Double, headroom: Double, fastest: ArtifactEstimate)
}
