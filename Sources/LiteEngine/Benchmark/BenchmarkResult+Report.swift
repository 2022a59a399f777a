import Foundation

extension BenchmarkResult {
    /// What `effctl engine bench` prints: what ran, the latency figures with their units, and a
    /// summary line like TFLite's `benchmark_model` (``summaryLine``).
    public var report: [String] {
        let l = latency
        return [
            "\(variant) \(precision) on \(backend), \(threads) thread\(threads == 1 ? "" : "s"), batch 1: "
                + "\(l.count) timed run\(l.count == 1 ? "" : "s") in \(max(trials.count, 1)) trial\(trials.count == 1 ? "" : "s")",
            String(
                format: "latency     p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, min %.3f ms, max %.3f ms", l.p50, l.p90, l.p99, l.min, l.max),
            String(format: "start-up    init %.1f ms, first inference %.1f ms; peak RSS %.1f MB", initMs, firstMs, peakRssMb),
            summaryLine,
        ]
    }

    /// `count=45 avg=4.130 ms std=0.050 ms init=12.3 ms first=4.9 ms warm-up=10 runs`: the timed runs,
    /// their mean and standard deviation, the start-up and first inference, and the untimed warm-up runs.
    public var summaryLine: String {
        String(
            format: "count=%d avg=%.3f ms std=%.3f ms init=%.1f ms first=%.1f ms", latency.count, latency.mean, latency.std, initMs, firstMs
        )
            + " warm-up=\(warmup) run\(warmup == 1 ? "" : "s")"
    }
}
