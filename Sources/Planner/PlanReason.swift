import EffCore
import FleetModel

extension PlanDecision {
    /// A one-line, human-readable account of the decision.
    public var reason: String {
        switch self {
        case .assign(let estimate):
            "most accurate fit: \(estimate.label), \(decimalText(estimate.top1, fractionDigits: 2))% top-1, "
                + "\(estimate.latencyText) at \(estimate.percentile.rawValue) (\(estimate.source))"
        case .noFeasibleVariant(let cause):
            cause.reason
        case .awaitingBenchmarks(let pendingCount):
            "nothing measured or predicted fits yet; \(pendingCount) candidate"
                + (pendingCount == 1 ? " awaits its benchmark" : "s await their benchmarks")
        }
    }
}

extension Infeasibility {
    /// A one-line, human-readable account of why nothing fits.
    public var reason: String {
        switch self {
        case .noCandidates(let excludedSyntheticCount):
            excludedSyntheticCount == 0
                ? "no artifact to choose from"
                : "no artifact to choose from; \(excludedSyntheticCount) synthetic excluded by policy"
        case .memoryBudget(let budgetMB, let smallest):
            "no artifact fits the \(budgetMB) MB memory budget; smallest is \(smallest.label) at "
                + "\(decimalText(smallest.peakRssMb, fractionDigits: 1)) MB"
                + (smallest.isPredicted ? " (predicted)" : "")
        case .latencyBudget(let latencyBudgetMs, let headroom, let fastest):
            "no artifact fits \(latencyBudgetMs) ms at \(fastest.percentile.rawValue) with \(percentText(headroom)) "
                + "headroom; fastest is \(fastest.label) at \(fastest.latencyText)"
                + (fastest.isPredicted ? " (predicted)" : "")
        }
    }
}

extension ArtifactEstimate {
    /// `lite0 int8 on onednn`.
    fileprivate var label: String {
        "\(self.variant.rawValue) \(self.precision.rawValue) on \(self.backend)"
    }

    /// `8.70 ms`.
    fileprivate var latencyText: String {
        "\(decimalText(self.latencyMs, fractionDigits: 2)) ms"
    }

    fileprivate var source: String {
        self.isPredicted ? "predicted from hardware-class median" : "measured"
    }
}
