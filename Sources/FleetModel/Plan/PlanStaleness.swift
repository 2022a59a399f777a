import EffCore

/// Whether a stored plan still says what planning now would: not when results arrived or budgets
/// changed after it was made.
public enum PlanStaleness {
    /// Why a plan made at `plannedAt` is stale (empty when it is not), given the times (seconds since
    /// 1970) of its fleet's benchmark results and of its budget changes.
    public static func reasons(plannedAt: Double, resultTimes: [Double], budgetChangeTimes: [Double]) -> [String] {
        var reasons: [String] = []
        let newer = resultTimes.filter { $0 > plannedAt }.count
        if newer > 0 { reasons.append("\(newer.counted("benchmark result")) arrived since it was made") }
        let changes = budgetChangeTimes.filter { $0 > plannedAt }.count
        if changes > 0 { reasons.append("\(changes.counted("budget")) changed since") }
        return reasons
    }
}
