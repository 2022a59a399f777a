import FleetModel

/// An artifact's latency at the policy's percentile and its peak memory on a device with one
/// backend: measured there, or the median over its hardware class.
struct Figures {
    /// Latency at the policy's percentile, in milliseconds, without headroom.
    var latencyMs: Double
    /// Upper bound of its 95 % interval (equal to ``latencyMs`` where unknown).
    var upperMs: Double
    /// Peak resident memory in MB.
    var peakRssMb: Double
}

extension LatencyMeasurement {
    /// The measurement's figures at `percentile`.
    func figures(at percentile: LatencyPercentile) -> Figures {
        Figures(latencyMs: self.latencyMs(at: percentile), upperMs: self.upperMs(at: percentile), peakRssMb: self.peakRssMb)
    }
}
