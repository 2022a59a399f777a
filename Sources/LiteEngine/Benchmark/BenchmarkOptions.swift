/// How to benchmark an artifact.
public struct BenchmarkOptions: Hashable, Sendable {
    /// Resolved per artifact precision when the benchmark runs; the result names the backend used.
    public var backend: BackendChoice
    public var threads: Int
    /// Untimed runs after the first one.
    public var warmup: Int
    /// Timed runs, at least.
    public var runs: Int
    /// Keep running until this much timed time has passed, too.
    public var minSeconds: Double
    /// Never more timed runs than this, whatever `minSeconds` says.
    public var maximumRuns: Int

    public init(backend: BackendChoice = .auto, threads: Int = 1, warmup: Int = 10, runs: Int = 100, minSeconds: Double = 0, maximumRuns: Int = 100_000) {
        self.backend = backend
        self.threads = threads
        self.warmup = warmup
        self.runs = runs
        self.minSeconds = minSeconds
        self.maximumRuns = maximumRuns
    }

    /// Checks the ranges.
    public func validate() throws(EngineError) {
        guard (1...256).contains(threads) else { throw EngineError("threads must be 1…256, got \(threads)") }
        guard (0...100_000).contains(warmup) else { throw EngineError("warmup must be 0…100000, got \(warmup)") }
        guard (1...maximumRuns).contains(runs) else { throw EngineError("runs must be 1…\(maximumRuns), got \(runs)") }
        guard minSeconds.isFinite, (0...3600).contains(minSeconds) else { throw EngineError("min-seconds must be 0…3600, got \(minSeconds)") }
    }
}
