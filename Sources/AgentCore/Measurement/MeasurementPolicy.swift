import LiteEngine

/// How an agent measures, and why (see `Docs/MEASUREMENT.md`).
public enum MeasurementPolicy {
    /// Benchmarks of artifacts: 3 trials, each at least 30 timed runs and 1 s, after 5 warm-up
    /// runs — TFLite `benchmark_model`'s defaults (50 runs, 1 s) spread over trials, so that the
    /// trials can be compared.
    public static let benchmark = BenchmarkOptions(warmup: 5, runs: 30, minSeconds: 1, trials: 3)
    /// The in-service measurement after an activation: shorter, the same shape.
    public static let healthCheck = BenchmarkOptions(warmup: 3, runs: 20, minSeconds: 0.5, trials: 3)
    /// Trials whose medians differ by more than this share of their median disagree: the
    /// measurement is repeated once, then marked unstable. Quiet machines stay within a few per
    /// cent; a neighbour's burst or a frequency change does not.
    public static let trialSpreadTolerance = 0.15
}
