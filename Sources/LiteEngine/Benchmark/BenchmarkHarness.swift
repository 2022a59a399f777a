import EffCore
import LiteArtifact

/// Measures an artifact the same way everywhere: `effctl engine bench` and the agents use this.
///
/// Timeline: open the artifact and build the backend (`init_ms`), run once (`first_ms`), run
/// `warmup` untimed inferences, then `trials` times: time single inferences until at least `runs`
/// are done and `minSeconds` have passed (never more than `maximumRuns` in all). The input is a
/// fixed pseudo-random normalized tensor, so every run does the same work.
///
/// The percentiles are those of all timed runs; each comes with a ``PercentileInterval`` (order
/// statistics at 95 %, widened to the trials' own percentiles) and the trials' disagreement
/// (``BenchmarkResult/trialSpread``).
public enum BenchmarkHarness {
    public static func run(artifactPath: String, options: BenchmarkOptions) throws(EngineError) -> BenchmarkResult {
        try options.validate()
        let clock = ContinuousClock()
        let start = clock.now
        let session = try InferenceSession(artifactPath: artifactPath, backend: options.backend, threads: options.threads)
        let initDuration = clock.now - start
        let input = ModelInput.tensor(
            Self.input(count: session.preprocessor.resolution * session.preprocessor.resolution * 3),
            resolution: session.preprocessor.resolution)
        let firstStart = clock.now
        _ = try session.logits(for: input)
        let firstDuration = clock.now - firstStart
        for _ in 0..<options.warmup {
            _ = try session.logits(for: input)
        }
        let context = MeasurementContext.now()
        var samples: [Double] = []
        var trials: [LatencyStatistics] = []
        samples.reserveCapacity(options.runs * options.trials)
        for _ in 0..<options.trials where samples.count < options.maximumRuns {
            var trial: [Double] = []
            let timedStart = clock.now
            while samples.count + trial.count < options.maximumRuns
                && (trial.count < options.runs || (clock.now - timedStart).milliseconds < options.minSeconds * 1000)
            {
                let runStart = clock.now
                _ = try session.logits(for: input)
                trial.append((clock.now - runStart).milliseconds)
            }
            trials.append(LatencyStatistics(samples: trial))
            samples += trial
        }
        let metadata = session.artifact.metadata
        var result = BenchmarkResult(
            variant: metadata.variant.rawValue, precision: metadata.precision.rawValue, backend: session.backend.kind.rawValue,
            threads: options.threads, warmup: options.warmup, latency: LatencyStatistics(samples: samples),
            initMs: initDuration.milliseconds, firstMs: firstDuration.milliseconds,
            peakRssMb: ProcessMemory.peakRssMb(), engineVersion: EngineInfo.version
        )
        result.trials = trials
        result.intervals = LatencyIntervals(samples: samples, trialPercentiles: trials.map { ($0.p50, $0.p90, $0.p99) })
        result.context = context.finished()
        return result
    }

    /// A deterministic input in [-1, 1).
    static func input(count: Int) -> [Float] {
        var state: UInt32 = 0x2545_F491
        return (0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 23) - 1
        }
    }
}
