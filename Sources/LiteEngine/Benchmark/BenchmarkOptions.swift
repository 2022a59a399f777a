/// How to benchmark an artifact.
public struct BenchmarkOptions: Hashable, Sendable {
    /// Resolved per artifact precision when the benchmark runs; the result names the backend used.
    public var backend: BackendChoice
    public var threads: Int
    /// Untimed runs after the first one.
    public var warmup: Int
    /// Timed runs per trial, at least.
    public var runs: Int
    /// Keep each trial running until this much timed time has passed, too.
    public var minSeconds: Double
    /// Trials: timed blocks of at least `runs` runs and `minSeconds` each, back to back; their
    /// percentiles show how stable the measurement is (``BenchmarkResult/trialSpread``).
    public var trials: Int
    /// Never more timed runs than this, whatever `minSeconds` says.
    public var maximumRuns: Int

    public init(
        backend: BackendChoice = .auto, threads: Int = 1, warmup: Int = 10, runs: Int = 100, minSeconds: Double = 0, trials: Int = 1,
        maximumRuns: Int = 100_000
    ) {
        self.backend = backend
        self.threads = threads
        self.warmup = warmup
        self.runs = runs
        self.minSeconds = minSeconds
        self.trials = trials
        self.maximumRuns = maximumRuns
    }

    /// Checks the ranges.
    public func validate() throws(EngineError) {
        guard (1...256).contains(threads) else { throw EngineError("threads must be 1…256, got \(threads)") }
        guard (0...100_000).contains(warmup) else { throw EngineError("warmup must be 0…100000, got \(warmup)") }
        guard (1...maximumRuns).contains(runs) else { throw EngineError("runs must be 1…\(maximumRuns), got \(runs)") }
        guard (1...100).contains(trials) else { throw EngineError("trials must be 1…100, got \(trials)") }
        guard minSeconds.isFinite, (0...3600).contains(minSeconds) else {
            throw EngineError("min-seconds must be 0…3600, got \(minSeconds)")
        }
    }
}
