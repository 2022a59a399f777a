import Foundation

/// Exact (Clopper–Pearson) confidence bounds on a binomial proportion.
///
/// Used for the INT8 ↔ FP32 top-1 disagreement rate: `k` of `n` held-out inputs disagree, and the
/// planner credits the INT8 artifact with the FP32 top-1 minus the *upper* bound, so a small
/// evaluation set is paid for with a looser (larger) bound rather than trusted at face value.
public enum BinomialBound {
    /// The method's name as recorded in artifacts and shown to users.
    public static let method = "clopper-pearson"

    /// One-sided upper confidence bound at `confidence` (e.g. 0.95) on the rate of an event seen
    /// `successes` times in `trials`: the largest `p` with `P(X ≤ successes | trials, p) ≥ 1 − confidence`.
    /// With 0 of `n` it is `1 − (1 − confidence)^(1/n)` (≈ 3/n at 95 %); with `n` of `n` it is 1.
    public static func clopperPearsonUpper(successes: Int, trials: Int, confidence: Double = 0.95) -> Double {
        precondition(trials >= 1 && (0...trials).contains(successes) && confidence > 0 && confidence < 1)
        if successes == trials { return 1 }
        let alpha = 1 - confidence
        if successes == 0 { return 1 - Foundation.pow(alpha, 1 / Double(trials)) }
        // P(X ≤ k | n, p) decreases in p: bisect for the p where it equals alpha.
        var low = Double(successes) / Double(trials)
        var high = 1.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if cumulative(successes, trials, middle) > alpha { low = middle } else { high = middle }
            if high - low < 1e-13 { break }
        }
        return high
    }

    /// `P(X ≤ k)` for `X ~ Binomial(n, p)`, summed in log space.
    static func cumulative(_ k: Int, _ n: Int, _ p: Double) -> Double {
        if p <= 0 { return 1 }
        if p >= 1 { return k >= n ? 1 : 0 }
        let logP = Foundation.log(p)
        let logQ = Foundation.log1p(-p)
        var terms: [Double] = []
        terms.reserveCapacity(k + 1)
        var logChoose = 0.0  // log C(n, i), built up term by term
        for i in 0...k {
            if i > 0 { logChoose += Foundation.log(Double(n - i + 1)) - Foundation.log(Double(i)) }
            terms.append(logChoose + Double(i) * logP + Double(n - i) * logQ)
        }
        let largest = terms.max() ?? 0
        return Foundation.exp(largest) * terms.reduce(0) { $0 + Foundation.exp($1 - largest) }
    }
}
