import Planner

/// One measured (artifact, backend) pair of a device, as the planner judged it.
struct ChartPoint: Sendable, Equatable {
    var artifactId: String
    /// `lite1 fp32`.
    var artifact: String
    var backend: String
    /// Latency at the fleet's percentile.
    var latencyMs: Double
    /// The 95 % interval of that percentile, where the result carries one.
    var lowerMs: Double?
    var upperMs: Double?
    /// Credited top-1, in percent.
    var top1: Double
    var verdict: CandidateVerdict
}
