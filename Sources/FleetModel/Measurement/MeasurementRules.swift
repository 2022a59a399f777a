/// What a benchmark result or a health report must satisfy to be believed. The registry refuses
/// anything else at the door (a 400 naming the field) and skips stored results that break them when
/// it plans; the agent refuses options that could not produce a valid result.
public enum MeasurementRules {
    /// Fewest timed runs a result or a health report may rest on. Below 10 runs the p90 is an
    /// interpolation between the two slowest samples and the p99 is the maximum; the agent's
    /// defaults (30 runs for a benchmark, 30 for its in-service health check) sit above it, and
    /// `effagent run --runs` refuses less.
    public static let minimumRuns = 10
    /// How many of a pair's newest stable results a plan decides on (their medians, figure by
    /// figure), and how many measurements a budget inside the interval asks for before the plan
    /// decides on those medians. Three is the fewest whose median ignores one outlier round.
    public static let pooledResults = 3
    /// Most timed runs a report may claim.
    public static let maximumRuns = 10_000_000
    /// Most threads a result may have run with (`effagent run --threads` allows as many).
    public static let maximumThreads = 256

    /// A rate no edge CPU reaches: 10 TMAC/s (10¹³ multiply-accumulates per second) per thread.
    /// A desktop core with two 512-bit FMA units at 5 GHz does about 0.16 TMAC/s in FP32 and
    /// 0.6 TMAC/s with INT8 dot products (VNNI); this is 15× beyond that. A latency below
    /// ``latencyFloorMs(macs:threads:)`` cannot have been measured, however fast the device.
    public static let impossibleMACsPerSecondPerThread = 1e13

    /// The physical floor of one inference of a model of `macs` multiply-accumulates on `threads`
    /// threads, in milliseconds: `macs / (threads × 10 TMAC/s) × 1000`.
    public static func latencyFloorMs(macs: Int, threads: Int) -> Double {
        Double(max(macs, 0)) / (Double(max(threads, 1)) * impossibleMACsPerSecondPerThread) * 1000
    }

    /// Largest latency (any figure) a report may state: about 11.6 days.
    public static let maximumLatencyMs = 1e9
    /// Largest peak resident memory a result may state: 1 TiB, beyond any edge device.
    public static let maximumPeakRSSMB = 1_048_576.0

    /// The engine's backend names (`LiteEngine.BackendKind`); a result without one ran on XNNPACK.
    public static let backends: Set<String> = ["onednn", "xnnpack", "reference"]
    /// The backend a result posted without one ran on.
    public static let defaultBackend = "xnnpack"
    /// Lengths of the id an agent gives a result.
    public static let resultIDLengths = 1...128
    /// Longest `engine_version`.
    public static let maximumEngineVersionLength = 64
    /// How far, relative to `max_ms`, a mean may exceed the maximum (or fall below the minimum) by
    /// floating-point rounding alone when every run took the same time.
    public static let meanRoundingTolerance = 1e-9
}
